// Device authentication and ACLs in the real Mosquitto broker (dynamic security), the
// server's MQTT client (QoS 1 completion, reconnect) and broker persistence across restarts.
//
// The broker comes from scripts/mqtt-broker: ELDERCARE_TEST_MQTT_URL is its URL and
// ELDERCARE_TEST_MQTT_ADMIN the file with its dynsec admin "user:password"; the service
// client's credential is the file `service` beside it. Without those variables no test is
// registered (scripts/test sets them). The restart tests start a broker of their own in a
// temporary directory, so that tests running in parallel keep theirs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"
#include "support/broker.hpp"
#include "support/harness.hpp"

namespace {

using namespace std::chrono_literals;
using ec::errc;
using ec::ingest::mqtt_client;
using ec::ingest::mqtt_message;
using ec::ingest::mqtt_options;
using ec::ingest::mqtt_protocol;
using ec::ingest::mqtt_state;
namespace dynsec = ec::ingest::dynsec;
namespace fs = std::filesystem;

constexpr auto wait_time = 10s;

using it::env;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// scripts/mqtt-broker CMD DIR; its exit status.
int broker_script(const std::string& cmd, const fs::path& dir) {
  std::string line = std::string(ELDERCARE_SOURCE_DIR) + "/scripts/mqtt-broker " + cmd + " '" +
                     dir.string() + "' >>'" + (dir.parent_path() / "script.log").string() +
                     "' 2>&1";
  return std::system(line.c_str());
}

// Messages received by a subscription, for waiting on them from the test thread.
class inbox {
 public:
  mqtt_client::message_handler handler() {
    return [this](const mqtt_message& m) {
      std::lock_guard lk(mu_);
      got_.push_back(m);
      cv_.notify_all();
    };
  }
  // Waits for a message on `topic` with `payload`.
  bool wait_for(const std::string& topic, const std::string& payload,
                std::chrono::milliseconds t = wait_time) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, t, [&] { return count_locked(topic, payload) > 0; });
  }
  // Messages on `topic` (any payload when `payload` is empty).
  int count(const std::string& topic, const std::string& payload = {}) {
    std::lock_guard lk(mu_);
    return count_locked(topic, payload);
  }

 private:
  int count_locked(const std::string& topic, const std::string& payload) const {
    int n = 0;
    for (auto& m : got_) {
      if (m.topic == topic && (payload.empty() || m.payload == payload)) ++n;
    }
    return n;
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<mqtt_message> got_;
};

// The outcome of a done_handler, waited for from the test thread.
class outcome {
 public:
  mqtt_client::done_handler handler() {
    return [this](ec::status s) {
      std::lock_guard lk(mu_);
      results_.push_back(std::move(s));
      cv_.notify_all();
    };
  }
  // The first result; nullopt after the timeout.
  std::optional<ec::status> get(std::chrono::milliseconds t = wait_time) {
    std::unique_lock lk(mu_);
    if (!cv_.wait_for(lk, t, [&] { return !results_.empty(); })) return std::nullopt;
    return results_.front();
  }
  std::size_t calls() {
    std::lock_guard lk(mu_);
    return results_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ec::status> results_;
};

bool ok(const std::optional<ec::status>& s) {
  return s && s->ok();
}
bool denied(const std::optional<ec::status>& s) {
  return s && !s->ok() && s->err().kind == errc::forbidden;
}

// A broker: its address and the credentials scripts/mqtt-broker wrote.
struct broker {
  mqtt_options address;
  it::broker_login admin;
  it::broker_login service;

  static broker from_dir(const std::string& url, const fs::path& dir) {
    auto a = ec::ingest::parse_mqtt_url(url);
    EXPECT_TRUE(a.ok()) << url;
    broker b;
    if (a) b.address = *a;
    b.admin = it::read_broker_login(dir / "admin");
    b.service = it::read_broker_login(dir / "service");
    return b;
  }

  mqtt_options options(const it::broker_login& c, std::string client_id) const {
    mqtt_options o = address;
    o.username = c.user;
    o.password = c.password;
    o.client_id = std::move(client_id);
    o.keepalive_s = 10;
    o.reconnect_min_s = 1;
    o.reconnect_max_s = 2;
    return o;
  }

  // A started client; connected unless `expect_connected` is false.
  std::unique_ptr<mqtt_client> connect(mqtt_options o, bool expect_connected = true) const {
    auto c = std::make_unique<mqtt_client>(std::move(o));
    EXPECT_TRUE(c->start().ok());
    if (expect_connected) {
      EXPECT_TRUE(c->wait_connected(wait_time)) << to_string(c->state()) << ": " << c->last_error();
    }
    return c;
  }
};

class Mqtt : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    fs::path admin_file = env("ELDERCARE_TEST_MQTT_ADMIN");
    b_ = broker::from_dir(env("ELDERCARE_TEST_MQTT_URL"), admin_file.parent_path());
    service_ = b_.connect(b_.options(b_.service, "test-service-" + it::random_suffix()));
    admin_ = std::make_unique<dynsec::admin>(*service_);
    auto r = admin_->ready();
    ASSERT_TRUE(r.ok()) << r.err().message;
    up_.emplace();
    outcome sub;
    ASSERT_TRUE(service_->subscribe("eldercare/+/up", 1, up_->handler(), sub.handler()).ok());
    ASSERT_TRUE(ok(sub.get()));
  }

  void TearDown() override {
    for (auto& s : created_) {
      auto r = admin_->delete_device(s);
      EXPECT_TRUE(r.ok()) << s << ": " << r.err().message;
    }
    admin_.reset();
    service_.reset();
  }

  // A new device in the broker; its credential.
  dynsec::device_credential device(const std::string& prefix = "T") {
    auto serial = prefix + it::random_suffix();
    auto c = admin_->create_device(serial);
    EXPECT_TRUE(c.ok()) << (c ? "" : c.err().message);
    created_.push_back(serial);
    return c ? *c : dynsec::device_credential{serial, ""};
  }

  // A device's connection as firmware would make it (client id = serial).
  std::unique_ptr<mqtt_client> connect_device(const dynsec::device_credential& d,
                                              bool expect_connected = true) {
    return b_.connect(b_.options({d.serial, d.password}, d.serial), expect_connected);
  }

  broker b_;
  std::unique_ptr<mqtt_client> service_;
  std::unique_ptr<dynsec::admin> admin_;
  std::optional<inbox> up_;  // everything the service receives on eldercare/+/up
  std::vector<std::string> created_;
};

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Mqtt);
INSTANTIATE_TEST_SUITE_P(Broker, Mqtt, ::testing::ValuesIn(it::mqtt_brokers()),
                         [](const auto& p) { return p.param; });

TEST_P(Mqtt, DeviceCreatedAtRunTimePublishesToItsUpTopicAndTheServiceReceivesIt) {
  auto d = device();
  ASSERT_EQ(d.password.size(), 32u);
  auto dev = connect_device(d);
  outcome done;
  std::string event = R"({"event_id":"e1","type":"sos"})";
  auto mid = dev->publish(dynsec::up_topic(d.serial), event, 1, false, done.handler());
  ASSERT_TRUE(mid.ok()) << mid.err().message;
  EXPECT_TRUE(ok(done.get()));
  EXPECT_TRUE(up_->wait_for(dynsec::up_topic(d.serial), event));
}

TEST_P(Mqtt, WrongPasswordUnknownDeviceAndForeignClientIdAreRefused) {
  auto d = device();
  auto wrong = connect_device({d.serial, d.password + "x"}, false);
  EXPECT_FALSE(wrong->wait_connected(wait_time));
  EXPECT_EQ(wrong->state(), mqtt_state::refused) << wrong->last_error();

  auto unknown = connect_device({"Tnobody" + it::random_suffix(), d.password}, false);
  EXPECT_FALSE(unknown->wait_connected(wait_time));
  EXPECT_EQ(unknown->state(), mqtt_state::refused);

  // The right password but another client id: a device cannot take over another's session.
  auto other = b_.connect(b_.options({d.serial, d.password}, "someone-else"), false);
  EXPECT_FALSE(other->wait_connected(wait_time));
  EXPECT_EQ(other->state(), mqtt_state::refused);

  auto right = connect_device(d);
  EXPECT_EQ(right->state(), mqtt_state::connected);
}

TEST_P(Mqtt, DeviceCannotPublishOrSubscribeForAnotherDevice) {
  auto a = device();
  auto b = device();
  auto dev_a = connect_device(a);

  // Publishing as B: the broker refuses it (MQTT 5 PUBACK "not authorised")...
  outcome forged;
  ASSERT_TRUE(dev_a->publish(dynsec::up_topic(b.serial), "forged", 1, false, forged.handler()));
  EXPECT_TRUE(denied(forged.get()));
  // ...and nothing reaches the server: A's next message arrives, B's forged one never does.
  ASSERT_TRUE(dev_a->publish(dynsec::up_topic(a.serial), "marker", 1));
  ASSERT_TRUE(up_->wait_for(dynsec::up_topic(a.serial), "marker"));
  EXPECT_EQ(up_->count(dynsec::up_topic(b.serial)), 0);

  // Nor may A publish on its own down topic (fake acknowledgements) or anywhere else.
  outcome fake_ack;
  ASSERT_TRUE(dev_a->publish(dynsec::down_topic(a.serial), "ack", 1, false, fake_ack.handler()));
  EXPECT_TRUE(denied(fake_ack.get()));
  outcome elsewhere;
  ASSERT_TRUE(dev_a->publish("eldercare/all", "x", 1, false, elsewhere.handler()));
  EXPECT_TRUE(denied(elsewhere.get()));

  // Subscribing to B's downlink, to every downlink or to every uplink is refused.
  inbox spy;
  for (std::string filter : {dynsec::down_topic(b.serial), std::string("eldercare/+/down"),
                             std::string("eldercare/+/up"), std::string("#")}) {
    outcome sub;
    ASSERT_TRUE(dev_a->subscribe(filter, 1, spy.handler(), sub.handler()).ok());
    EXPECT_TRUE(denied(sub.get())) << filter;
  }
  outcome own;
  ASSERT_TRUE(dev_a->subscribe(dynsec::down_topic(a.serial), 1, spy.handler(), own.handler()));
  EXPECT_TRUE(ok(own.get()));
}

TEST_P(Mqtt, DownlinkReachesOnlyThatDevice) {
  auto a = device();
  auto b = device();
  auto dev_a = connect_device(a);
  auto dev_b = connect_device(b);
  inbox in_a;
  inbox in_b;
  outcome sub_a;
  outcome sub_b;
  ASSERT_TRUE(dev_a->subscribe(dynsec::down_topic(a.serial), 1, in_a.handler(), sub_a.handler()));
  ASSERT_TRUE(dev_b->subscribe(dynsec::down_topic(b.serial), 1, in_b.handler(), sub_b.handler()));
  ASSERT_TRUE(ok(sub_a.get()));
  ASSERT_TRUE(ok(sub_b.get()));

  outcome sent;
  ASSERT_TRUE(
      service_->publish(dynsec::down_topic(a.serial), R"({"ack":"e1"})", 1, false, sent.handler()));
  EXPECT_TRUE(ok(sent.get()));
  EXPECT_TRUE(in_a.wait_for(dynsec::down_topic(a.serial), R"({"ack":"e1"})"));
  // The service's later message to B arrives after the one to A was routed; B saw only its own.
  ASSERT_TRUE(service_->publish(dynsec::down_topic(b.serial), "marker", 1));
  ASSERT_TRUE(in_b.wait_for(dynsec::down_topic(b.serial), "marker"));
  EXPECT_EQ(in_b.count(dynsec::down_topic(a.serial)), 0);
  EXPECT_EQ(in_a.count(dynsec::down_topic(a.serial)), 1);

  // The service may not publish on uplinks (it cannot fake device events).
  outcome fake;
  ASSERT_TRUE(service_->publish(dynsec::up_topic(a.serial), "x", 1, false, fake.handler()));
  EXPECT_TRUE(denied(fake.get()));
}

TEST_P(Mqtt, DisabledAndDeletedDevicesCannotConnect) {
  // Through the dynsec admin this time (the service client was used everywhere else).
  auto admin_client = b_.connect(b_.options(b_.admin, "test-admin-" + it::random_suffix()));
  dynsec::admin admin(*admin_client);
  ASSERT_TRUE(admin.ready().ok());
  auto serial = "T" + it::random_suffix();
  auto d = admin.create_device(serial);
  ASSERT_TRUE(d.ok()) << d.err().message;
  auto again = admin.create_device(serial);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().kind, errc::conflict);

  auto dev = connect_device(*d);
  ASSERT_TRUE(admin.disable_device(serial).ok());
  // A connected device is thrown out at once...
  for (int i = 0; i < 100 && dev->state() == mqtt_state::connected; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_NE(dev->state(), mqtt_state::connected);
  dev.reset();
  // ...and cannot come back.
  auto refused = connect_device(*d, false);
  EXPECT_FALSE(refused->wait_connected(wait_time));
  EXPECT_EQ(refused->state(), mqtt_state::refused);

  ASSERT_TRUE(admin.enable_device(serial).ok());
  auto back = connect_device(*d);
  EXPECT_EQ(back->state(), mqtt_state::connected);

  ASSERT_TRUE(admin.delete_device(serial).ok());
  ASSERT_TRUE(admin.delete_device(serial).ok());  // retiring twice is fine
  for (int i = 0; i < 100 && back->state() == mqtt_state::connected; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_NE(back->state(), mqtt_state::connected);
  auto gone = connect_device(*d, false);
  EXPECT_FALSE(gone->wait_connected(wait_time));
  EXPECT_EQ(gone->state(), mqtt_state::refused);
  auto missing = admin.disable_device(serial);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().kind, errc::not_found);
}

TEST_P(Mqtt, Qos1CompletionFiresOncePerMessage) {
  auto d = device();
  auto dev = connect_device(d);
  constexpr int n = 50;
  std::vector<outcome> done(n);
  std::vector<int> mids;
  for (int i = 0; i < n; ++i) {
    auto mid = dev->publish(dynsec::up_topic(d.serial), "m" + std::to_string(i), 1, false,
                            done[static_cast<std::size_t>(i)].handler());
    ASSERT_TRUE(mid.ok());
    mids.push_back(*mid);
  }
  for (auto& o : done) EXPECT_TRUE(ok(o.get()));
  ASSERT_TRUE(up_->wait_for(dynsec::up_topic(d.serial), "m" + std::to_string(n - 1)));
  EXPECT_EQ(up_->count(dynsec::up_topic(d.serial)), n);
  std::sort(mids.begin(), mids.end());
  EXPECT_EQ(std::unique(mids.begin(), mids.end()), mids.end());
  dev->stop();
  for (auto& o : done) EXPECT_EQ(o.calls(), 1u);

  // After stop() nothing is accepted, and a pending completion would have failed.
  EXPECT_FALSE(dev->publish(dynsec::up_topic(d.serial), "late", 1).ok());
}

TEST_P(Mqtt, BadArgumentsAreRejectedWithoutTheBroker) {
  mqtt_client c(b_.options(b_.service, "x"));
  EXPECT_FALSE(c.publish("eldercare/x/up", "p", 1).ok());  // not started
  auto persistent_v5 = b_.options(b_.service, "p");
  persistent_v5.clean_session = false;
  EXPECT_FALSE(mqtt_client(persistent_v5).start().ok());
  EXPECT_FALSE(service_->publish("eldercare/+/down", "p", 1).ok());  // wildcard in a topic
  EXPECT_FALSE(service_->subscribe("eldercare/#/x", 1, {}).ok());
  EXPECT_FALSE(admin_->create_device("a/b").ok());
  EXPECT_FALSE(admin_->create_device("has space").ok());
  EXPECT_FALSE(admin_->create_device("").ok());
  EXPECT_FALSE(ec::ingest::parse_mqtt_url("http://127.0.0.1:1").ok());
  EXPECT_FALSE(ec::ingest::parse_mqtt_url("mqtt://127.0.0.1").ok());
  auto u = ec::ingest::parse_mqtt_url("mqtt://127.0.0.1:1883");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 1883);
}

// A broker of its own, in a temporary directory, that the test may stop and start.
class OwnBroker {
 public:
  OwnBroker() {
    char tmpl[] = "/tmp/ec-mqtt-test.XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    EXPECT_NE(d, nullptr);
    base_ = d ? d : "/tmp";
    // Reachable for the `mosquitto` user, as build/ is in scripts/test (the broker drops to
    // it when started as root).
    fs::permissions(base_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    dir_ = base_ / "broker";
    EXPECT_EQ(broker_script("start", dir_), 0) << read_file(base_ / "script.log");
    b_ = broker::from_dir(read_file(dir_ / "url"), dir_);
  }
  ~OwnBroker() {
    broker_script("clean", dir_);
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  OwnBroker(const OwnBroker&) = delete;
  OwnBroker& operator=(const OwnBroker&) = delete;
  const broker& get() const { return b_; }
  void stop() { ASSERT_EQ(broker_script("stop", dir_), 0) << read_file(base_ / "script.log"); }
  void kill() { ASSERT_EQ(broker_script("kill", dir_), 0) << read_file(base_ / "script.log"); }
  void start() {
    ASSERT_EQ(broker_script("start", dir_), 0) << read_file(base_ / "script.log");
    // Same port as before, so clients reconnect to the address they know.
    ASSERT_EQ(read_file(dir_ / "url"), "mqtt://127.0.0.1:" + std::to_string(b_.address.port));
  }

 private:
  fs::path base_;
  fs::path dir_;
  broker b_;
};

bool wait_state(mqtt_client& c, mqtt_state s, std::chrono::milliseconds t = wait_time) {
  auto until = std::chrono::steady_clock::now() + t;
  while (c.state() != s) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// The server's client reconnects by itself after the broker restarts and subscribes again;
// a QoS 1 downlink queued for a device's persistent session survives the restart, both a
// graceful one and a crash (SIGKILL after the broker's autosave interval).
TEST_P(Mqtt, ReconnectAfterBrokerRestartAndQueuedMessageSurvives) {
  OwnBroker own;
  const broker& b = own.get();
  auto service = b.connect(b.options(b.service, "svc-" + it::random_suffix()));
  std::atomic<int> ups{0};
  std::atomic<int> downs{0};
  service->on_connection([&](bool connected, const std::string&) { (connected ? ups : downs)++; });
  dynsec::admin admin(*service);
  ASSERT_TRUE(admin.ready().ok());
  auto d = admin.create_device("T" + it::random_suffix());
  ASSERT_TRUE(d.ok()) << d.err().message;
  inbox up;
  outcome sub;
  ASSERT_TRUE(service->subscribe("eldercare/+/up", 1, up.handler(), sub.handler()));
  ASSERT_TRUE(ok(sub.get()));

  // The device as firmware with a persistent session: MQTT 3.1.1, clean session off.
  auto device_options = b.options({d->serial, d->password}, d->serial);
  device_options.clean_session = false;
  device_options.protocol = mqtt_protocol::v311;
  auto downlink = dynsec::down_topic(d->serial);
  {
    auto dev = b.connect(device_options);
    outcome s;
    ASSERT_TRUE(dev->subscribe(downlink, 1, {}, s.handler()));
    ASSERT_TRUE(ok(s.get()));
  }  // disconnected; the broker keeps the session

  for (bool crash : {false, true}) {
    SCOPED_TRACE(crash ? "crash" : "graceful stop");
    std::string payload = crash ? "queued-before-crash" : "queued-before-stop";
    outcome sent;
    ASSERT_TRUE(service->publish(downlink, payload, 1, false, sent.handler()));
    ASSERT_TRUE(ok(sent.get()));  // the broker has it, queued for the absent device
    if (crash) {
      std::this_thread::sleep_for(2500ms);  // > autosave_interval (1 s)
      own.kill();
    } else {
      own.stop();
    }
    ASSERT_TRUE(wait_state(*service, mqtt_state::connecting));
    // Published while the broker is down: libmosquitto keeps it and sends it on reconnect.
    outcome while_down;
    ASSERT_TRUE(
        service->publish(downlink, payload + "-while-down", 1, false, while_down.handler()));
    // A client started while the broker is down keeps trying until it is up.
    auto early =
        std::make_unique<mqtt_client>(b.options(b.service, "early-" + it::random_suffix()));
    ASSERT_TRUE(early->start().ok());
    EXPECT_FALSE(early->wait_connected(300ms));
    EXPECT_EQ(early->state(), mqtt_state::connecting);
    own.start();
    ASSERT_TRUE(service->wait_connected(wait_time)) << service->last_error();
    EXPECT_TRUE(early->wait_connected(wait_time)) << early->last_error();
    early->stop();
    EXPECT_TRUE(ok(while_down.get()));

    inbox down;
    auto dev = std::make_unique<mqtt_client>(device_options);
    ASSERT_TRUE(dev->subscribe(downlink, 1, down.handler()).ok());
    ASSERT_TRUE(dev->start().ok());
    ASSERT_TRUE(dev->wait_connected(wait_time)) << dev->last_error();
    EXPECT_TRUE(down.wait_for(downlink, payload));
    EXPECT_TRUE(down.wait_for(downlink, payload + "-while-down"));

    // The service subscribed again by itself: uplinks flow after the restart.
    ASSERT_TRUE(dev->publish(dynsec::up_topic(d->serial), "after-" + payload, 1));
    EXPECT_TRUE(up.wait_for(dynsec::up_topic(d->serial), "after-" + payload));
  }
  EXPECT_GE(ups.load(), 2);
  EXPECT_GE(downs.load(), 2);
  service->stop();
}

}  // namespace
