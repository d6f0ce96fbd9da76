#include "ingest/mqtt_session.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest/mqtt_wire.hpp"

namespace ec::ingest {
namespace {

TEST(MqttTopicMatches, LevelsAndWildcards) {
  EXPECT_TRUE(mqtt_topic_matches("eldercare/+/up", "eldercare/SOS-1/up"));
  EXPECT_FALSE(mqtt_topic_matches("eldercare/+/up", "eldercare/SOS-1/down"));
  EXPECT_FALSE(mqtt_topic_matches("eldercare/+/up", "eldercare/a/b/up"));
  EXPECT_FALSE(mqtt_topic_matches("eldercare/+/up", "eldercare/up"));
  EXPECT_TRUE(mqtt_topic_matches("eldercare/+/up", "eldercare//up"));  // an empty level
  EXPECT_TRUE(mqtt_topic_matches("a/#", "a"));
  EXPECT_TRUE(mqtt_topic_matches("a/#", "a/b/c"));
  EXPECT_TRUE(mqtt_topic_matches("#", "a/b"));
  EXPECT_FALSE(mqtt_topic_matches("#", "$SYS/broker"));
  EXPECT_FALSE(mqtt_topic_matches("+/broker", "$SYS/broker"));
  EXPECT_TRUE(mqtt_topic_matches("$SYS/#", "$SYS/broker"));
  EXPECT_TRUE(mqtt_topic_matches("a/b", "a/b"));
  EXPECT_FALSE(mqtt_topic_matches("a/b", "a/b/c"));
  EXPECT_FALSE(mqtt_topic_matches("a/b/c", "a/b"));
}

// A scripted broker on a loopback port: one connection at a time, raw MQTT bytes.
class fake_broker {
 public:
  fake_broker() {
    lfd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    ::setsockopt(lfd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    EXPECT_EQ(::bind(lfd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(lfd_, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(lfd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~fake_broker() {
    drop();
    ::close(lfd_);
  }
  std::uint16_t port() const { return port_; }

  bool accept(int timeout_ms = 5000) {
    pollfd p{lfd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return false;
    cfd_ = ::accept4(lfd_, nullptr, nullptr, SOCK_CLOEXEC);
    buf_.clear();
    return cfd_ >= 0;
  }
  void drop() {
    if (cfd_ >= 0) ::close(cfd_);
    cfd_ = -1;
  }
  void send(const std::string& bytes) {
    ASSERT_EQ(::send(cfd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }

  // The next whole packet from the client: its first byte and its body.
  struct packet {
    unsigned first = 0;
    std::string body;
  };
  bool next(packet& p, int timeout_ms = 5000) {
    for (;;) {
      if (buf_.size() >= 2) {
        std::size_t len = 0, mult = 1, i = 1;
        for (; i < buf_.size() && i < 5; ++i) {
          auto b = static_cast<unsigned char>(buf_[i]);
          len += (b & 0x7F) * mult;
          mult *= 128;
          if (!(b & 0x80)) break;
        }
        if (i < buf_.size() && buf_.size() >= i + 1 + len) {
          p.first = static_cast<unsigned char>(buf_[0]);
          p.body = buf_.substr(i + 1, len);
          buf_.erase(0, i + 1 + len);
          return true;
        }
      }
      pollfd pf{cfd_, POLLIN, 0};
      if (::poll(&pf, 1, timeout_ms) != 1) return false;
      char tmp[65536];
      auto n = ::recv(cfd_, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      buf_.append(tmp, static_cast<std::size_t>(n));
    }
  }
  // Reads packets until one of type `type` (high nibble); false on timeout or close.
  bool expect(unsigned type, packet& p) {
    while (next(p))
      if ((p.first >> 4) == type) return true;
    return false;
  }

  static std::string connack(unsigned rc) { return std::string{0x20, 0x02, 0x00, char(rc)}; }
  static std::string suback(std::uint16_t id, unsigned granted) {
    return std::string{char(0x90), 0x03, char(id >> 8), char(id & 0xFF), char(granted)};
  }
  static std::uint16_t id_of(const std::string& body, std::size_t at = 0) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(body[at]) << 8) |
                                      static_cast<unsigned char>(body[at + 1]));
  }

 private:
  int lfd_ = -1;
  int cfd_ = -1;
  std::uint16_t port_ = 0;
  std::string buf_;
};

mqtt_options options(std::uint16_t port) {
  mqtt_options o;
  o.host = "127.0.0.1";
  o.port = port;
  o.username = "svc";
  o.password = "pw";
  o.client_id = "eldercare-test";
  o.clean_session = false;
  o.keepalive_s = 5;
  return o;
}

// Connects `c` to `b`: CONNECT → CONNACK, SUBSCRIBE → SUBACK(granted).
void handshake(fake_broker& b, unsigned granted = 1) {
  ASSERT_TRUE(b.accept());
  fake_broker::packet p;
  ASSERT_TRUE(b.expect(1, p));  // CONNECT
  // Protocol 3.1.1, clean session off, user name and password set.
  EXPECT_EQ(p.body.substr(2, 4), "MQTT");
  EXPECT_EQ(static_cast<unsigned char>(p.body[6]), 4);
  EXPECT_EQ(static_cast<unsigned char>(p.body[7]), 0xC0);
  b.send(fake_broker::connack(0));
  ASSERT_TRUE(b.expect(8, p));  // SUBSCRIBE
  b.send(fake_broker::suback(fake_broker::id_of(p.body), granted));
}

TEST(MqttSession, DeliversManyMessagesFromOneReadAndAcknowledgesEach) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  std::mutex mu;
  std::vector<std::string> got;
  std::atomic<int> suback_ok{0};
  ASSERT_TRUE(c.subscribe(
      "eldercare/+/up", 1,
      [&](const mqtt_view& m) {
        std::lock_guard lk(mu);
        got.push_back(std::string(m.topic) + " " + std::string(m.payload));
      },
      [&](status s) { suback_ok = s ? 1 : -1; }));
  ASSERT_TRUE(c.start());
  handshake(b);
  ASSERT_TRUE(c.wait_connected(std::chrono::seconds(5)));
  // 2,000 QoS 1 messages in one write, plus one for a topic nobody subscribed to.
  std::string burst;
  for (int i = 1; i <= 2000; ++i)
    wire::put_publish(burst, "eldercare/D" + std::to_string(i % 7) + "/up",
                      "{\"n\":" + std::to_string(i) + "}", 1, static_cast<std::uint16_t>(i));
  wire::put_publish(burst, "other/topic", "x", 1, 2001);
  b.send(burst);
  std::vector<bool> acked(2002, false);
  int n = 0;
  fake_broker::packet p;
  while (n < 2001 && b.expect(4, p)) {
    auto id = fake_broker::id_of(p.body);
    ASSERT_LT(id, 2002);
    EXPECT_FALSE(acked[id]) << "PUBACK twice for " << id;
    acked[id] = true;
    ++n;
  }
  EXPECT_EQ(n, 2001);  // every QoS 1 message is acknowledged, also the unmatched one
  std::lock_guard lk(mu);
  ASSERT_EQ(got.size(), 2000u);
  EXPECT_EQ(got.front(), "eldercare/D1/up {\"n\":1}");
  EXPECT_EQ(got.back(), "eldercare/D5/up {\"n\":2000}");
  EXPECT_EQ(suback_ok.load(), 1);
  EXPECT_EQ(c.stats().messages, 2001u);
  EXPECT_LT(c.stats().reads, 2001u);  // many packets per read
}

TEST(MqttSession, PacketsSplitAcrossReadsAreJoined) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  std::atomic<int> got{0};
  std::string last;
  ASSERT_TRUE(c.subscribe("t/#", 1, [&](const mqtt_view& m) {
    last = std::string(m.payload);
    ++got;
  }));
  ASSERT_TRUE(c.start());
  handshake(b);
  ASSERT_TRUE(c.wait_connected(std::chrono::seconds(5)));
  std::string msg;
  wire::put_publish(msg, "t/a", std::string(70'000, 'x') + "end", 1, 9);
  // In three pieces with pauses: the client must wait for the rest.
  b.send(msg.substr(0, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  b.send(msg.substr(1, 40'000));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  b.send(msg.substr(40'001));
  fake_broker::packet p;
  ASSERT_TRUE(b.expect(4, p));
  EXPECT_EQ(fake_broker::id_of(p.body), 9);
  EXPECT_EQ(got.load(), 1);
  EXPECT_EQ(last.size(), 70'003u);
}

TEST(MqttSession, PublishCompletesOnPubackAndIsResentWithDupAfterReconnect) {
  fake_broker b;
  auto o = options(b.port());
  mqtt_session c(o);
  ASSERT_TRUE(c.subscribe("eldercare/+/up", 1, [](const mqtt_view&) {}));
  ASSERT_TRUE(c.start());
  handshake(b);
  ASSERT_TRUE(c.wait_connected(std::chrono::seconds(5)));
  std::atomic<int> first{0}, second{0};
  ASSERT_TRUE(c.publish("eldercare/D1/down", "{\"type\":\"received\"}", 1,
                        [&](status s) { first = s ? 1 : -1; }));
  fake_broker::packet p;
  ASSERT_TRUE(b.expect(3, p));
  EXPECT_EQ((p.first >> 1) & 3, 1u);
  auto id1 = fake_broker::id_of(p.body, 2 + 17);  // after the topic
  b.send(std::string{0x40, 0x02, char(id1 >> 8), char(id1 & 0xFF)});
  for (int i = 0; i < 200 && first == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(first.load(), 1);

  // Not acknowledged, then the connection breaks: sent again with DUP after the reconnect.
  ASSERT_TRUE(c.publish("eldercare/D2/down", "again", 1, [&](status s) { second = s ? 1 : -1; }));
  ASSERT_TRUE(b.expect(3, p));
  EXPECT_EQ(p.first & 0x08, 0u);
  auto id2 = fake_broker::id_of(p.body, 2 + 17);
  b.drop();
  handshake(b);
  ASSERT_TRUE(b.expect(3, p));
  EXPECT_EQ(p.first & 0x08, 0x08u) << "DUP flag on the resend";
  EXPECT_EQ(fake_broker::id_of(p.body, 2 + 17), id2);
  EXPECT_EQ(p.body.substr(2 + 17 + 2), "again");
  EXPECT_EQ(second.load(), 0);
  b.send(std::string{0x40, 0x02, char(id2 >> 8), char(id2 & 0xFF)});
  for (int i = 0; i < 200 && second == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(second.load(), 1);
  EXPECT_EQ(c.stats().connects, 2u);
}

// 70,000 QoS 1 publishes: at most k_max_in_flight go out unacknowledged, the rest wait and
// follow as PUBACKs come back, packet ids wrap past 65,535 without a clash, and the network
// thread keeps serving the broker meanwhile (it used to spin forever looking for a free id).
TEST(MqttSession, CapsMessagesInFlightAndQueuesTheRest) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  std::atomic<int> delivered{0};
  ASSERT_TRUE(c.subscribe("a/+", 1, [&](const mqtt_view&) { ++delivered; }));
  ASSERT_TRUE(c.start());
  handshake(b);
  ASSERT_TRUE(c.wait_connected(std::chrono::seconds(5)));
  constexpr int k_total = 70'000;
  std::atomic<int> ok{0}, failed{0};
  for (int i = 0; i < k_total; ++i)
    ASSERT_TRUE(c.publish("a/b", "x", 1, [&](status s) { ++(s ? ok : failed); }));

  const auto cap = mqtt_session::k_max_in_flight;
  std::set<std::uint16_t> unacked;
  fake_broker::packet p;
  auto ack_all = [&] {
    std::string acks;
    for (auto id : unacked) acks += std::string{0x40, 0x02, char(id >> 8), char(id & 0xFF)};
    unacked.clear();
    b.send(acks);
  };
  // First round: exactly `cap` publishes, then nothing until a PUBACK.
  while (unacked.size() < cap) {
    ASSERT_TRUE(b.next(p)) << "after " << unacked.size();
    ASSERT_EQ(p.first >> 4, 3u);
    EXPECT_TRUE(unacked.insert(fake_broker::id_of(p.body, 2 + 3)).second);
  }
  EXPECT_FALSE(b.next(p, 300)) << "a publish beyond the cap";
  // The network thread still serves the broker.
  std::string in;
  wire::put_publish(in, "a/x", "alive", 1, 7);
  b.send(in);
  ASSERT_TRUE(b.next(p));
  EXPECT_EQ(p.first >> 4, 4u) << "PUBACK for the broker's message";
  EXPECT_EQ(fake_broker::id_of(p.body), 7);
  EXPECT_EQ(delivered.load(), 1);
  EXPECT_EQ(ok.load(), 0);

  // Acknowledge in rounds; the rest follow, never more than `cap` unacknowledged.
  int published = static_cast<int>(cap);
  ack_all();
  while (published < k_total) {
    if (!b.next(p, 2000)) break;
    ASSERT_EQ(p.first >> 4, 3u);
    ASSERT_TRUE(unacked.insert(fake_broker::id_of(p.body, 2 + 3)).second) << "id in use";
    ASSERT_LE(unacked.size(), cap);
    ++published;
    if (unacked.size() == cap) ack_all();
  }
  ack_all();
  EXPECT_EQ(published, k_total);
  for (int i = 0; i < 500 && ok.load() < k_total; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(ok.load(), k_total);
  EXPECT_EQ(failed.load(), 0);
}

// Publishes waiting behind the cap fail with `unavailable` at stop().
TEST(MqttSession, StopFailsPublishesWaitingBehindTheCap) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  ASSERT_TRUE(c.subscribe("a/+", 1, [](const mqtt_view&) {}));
  ASSERT_TRUE(c.start());
  handshake(b);
  ASSERT_TRUE(c.wait_connected(std::chrono::seconds(5)));
  const int total = static_cast<int>(mqtt_session::k_max_in_flight) + 50;
  std::atomic<int> unavailable{0};
  for (int i = 0; i < total; ++i)
    ASSERT_TRUE(c.publish("a/b", "x", 1, [&](status s) {
      if (!s && s.err().kind == errc::unavailable) ++unavailable;
    }));
  fake_broker::packet p;
  for (std::size_t i = 0; i < mqtt_session::k_max_in_flight; ++i) ASSERT_TRUE(b.expect(3, p));
  c.stop();
  EXPECT_EQ(unavailable.load(), total);
}

TEST(MqttSession, BadCredentialsAreFinal) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  std::atomic<int> refused{0};
  c.on_connection([&](bool connected, const std::string& why) {
    if (!connected && why.find("bad user name or password") != std::string::npos) ++refused;
  });
  ASSERT_TRUE(c.subscribe("a/+", 1, [](const mqtt_view&) {}));
  ASSERT_TRUE(c.start());
  ASSERT_TRUE(b.accept());
  fake_broker::packet p;
  ASSERT_TRUE(b.expect(1, p));
  b.send(fake_broker::connack(4));
  EXPECT_FALSE(c.wait_connected(std::chrono::seconds(5)));
  EXPECT_EQ(c.state(), mqtt_state::refused);
  EXPECT_FALSE(b.accept(1500)) << "no second attempt after a final refusal";
  EXPECT_EQ(refused.load(), 1);  // (the handler runs just after the state changes)
  EXPECT_FALSE(c.publish("a/b", "x", 1));
}

TEST(MqttSession, RefusedSubscriptionIsReported) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  std::atomic<int> result{0};
  ASSERT_TRUE(c.subscribe(
      "secret/#", 1, [](const mqtt_view&) {},
      [&](status s) { result = s ? 1 : (s.err().kind == errc::forbidden ? -1 : -2); }));
  ASSERT_TRUE(c.start());
  handshake(b, 0x80);
  for (int i = 0; i < 200 && result == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(result.load(), -1);
}

TEST(MqttSession, StopFailsWhatIsPendingAndSendsDisconnect) {
  fake_broker b;
  mqtt_session c(options(b.port()));
  ASSERT_TRUE(c.subscribe("a/+", 1, [](const mqtt_view&) {}));
  ASSERT_TRUE(c.start());
  handshake(b);
  ASSERT_TRUE(c.wait_connected(std::chrono::seconds(5)));
  std::atomic<int> done{0};
  ASSERT_TRUE(c.publish("a/b", "x", 1, [&](status s) {
    done = s ? 1 : (s.err().kind == errc::unavailable ? -1 : -2);
  }));
  fake_broker::packet p;
  ASSERT_TRUE(b.expect(3, p));
  c.stop();
  EXPECT_EQ(done.load(), -1);
  EXPECT_TRUE(b.expect(14, p)) << "DISCONNECT";
  EXPECT_EQ(c.state(), mqtt_state::stopped);
  c.stop();  // idempotent
}

TEST(MqttSession, RejectsBadArguments) {
  mqtt_session c(options(1));
  EXPECT_FALSE(c.subscribe("a/#/b", 1, [](const mqtt_view&) {}));
  EXPECT_FALSE(c.subscribe("a/b+", 1, [](const mqtt_view&) {}));
  EXPECT_FALSE(c.subscribe("a/b", 2, [](const mqtt_view&) {}));
  EXPECT_FALSE(c.publish("a/b", "x", 1)) << "not started";
  auto o = options(1);
  o.client_id.clear();
  mqtt_session no_id(o);
  EXPECT_FALSE(no_id.start());
}

}  // namespace
}  // namespace ec::ingest
