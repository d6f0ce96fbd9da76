#include "ingest/mqtt_session.hpp"

#include <fcntl.h>
#include <mosquitto.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "ingest/mqtt_core.hpp"
#include "ingest/mqtt_wire.hpp"

namespace ec::ingest {

namespace {

using clock = std::chrono::steady_clock;

constexpr std::size_t k_read_chunk = 256 * 1024;
constexpr std::size_t k_max_packet = 1 << 20;  // the broker's message_size_limit is smaller
constexpr std::size_t k_in_capacity = k_max_packet + 16 + k_read_chunk;
constexpr int k_connect_timeout_ms = 10'000;

using detail::unavailable;

// MQTT 3.1.1 CONNACK return codes.
const char* connack_text(int rc) {
  switch (rc) {
    case 1:
      return "unacceptable protocol version";
    case 2:
      return "identifier rejected";
    case 3:
      return "server unavailable";
    case 4:
      return "bad user name or password";
    case 5:
      return "not authorised";
    default:
      return "unknown reason";
  }
}

}  // namespace

bool mqtt_topic_matches(std::string_view filter, std::string_view topic) {
  // libmosquitto's matcher wants terminated strings (its *2 variant ignores the lengths in
  // 2.0); the network thread calls this with views into its read buffer.
  thread_local std::string f, t;
  f.assign(filter);
  t.assign(topic);
  bool match = false;
  return mosquitto_topic_matches_sub(f.c_str(), t.c_str(), &match) == MOSQ_ERR_SUCCESS && match;
}

struct mqtt_session::impl : detail::mqtt_core<mqtt_view> {
  struct outgoing {
    std::string topic;
    std::string payload;
    int qos = 0;
    done_handler done;
  };

  // Shared with other threads (under mu, besides mqtt_core's).
  std::vector<outgoing> queued;  // publishes for the network thread
  std::atomic<std::uint64_t> subs_gen{0};
  std::atomic<std::uint64_t> n_messages{0}, n_reads{0}, n_connects{0};
  int wake_fd = -1;

  // Network thread only.
  int fd = -1;
  // Bytes read and not yet taken: in[in_at, in_len). Room for the largest packet and a read.
  std::unique_ptr<char[]> in{new char[k_in_capacity]};
  std::size_t in_at = 0, in_len = 0;
  std::string out;
  std::uint16_t next_id = 1;
  std::map<std::uint16_t, outgoing> inflight;  // QoS 1 publishes awaiting PUBACK
  std::deque<outgoing> waiting;  // taken from `queued`, not sent yet: in flight was full
  std::map<std::uint16_t, done_handler> subacks;     // SUBSCRIBEs awaiting SUBACK
  std::vector<std::shared_ptr<subscription>> local;  // copy of subs for matching
  std::uint64_t local_gen = ~0ull;
  clock::time_point last_sent{}, ping_sent{};
  bool ping_outstanding = false;

  ~impl() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void wake() {
    std::uint64_t one = 1;
    if (wake_fd >= 0) (void)!::write(wake_fd, &one, sizeof one);
  }

  bool is_stopping() const {
    std::lock_guard lk(mu);
    return stopping;
  }

  void set_state(mqtt_state s, std::string err) {
    connection_handler h;
    bool notify = false;
    std::string why;
    {
      std::lock_guard lk(mu);
      if (st == mqtt_state::stopped) return;
      notify =
          (s == mqtt_state::connected) != (st == mqtt_state::connected) || s == mqtt_state::refused;
      st = s;
      if (!err.empty()) last_error = std::move(err);
      if (s != mqtt_state::connected) why = last_error;
      h = on_conn;
    }
    cv.notify_all();
    if (h && notify) h(s == mqtt_state::connected, why);
  }

  // A free packet id. At most k_max_in_flight publishes and one SUBSCRIBE per subscription
  // hold an id, far fewer than 65,535, so the search ends.
  std::uint16_t take_id() {
    for (;;) {
      std::uint16_t id = next_id++;
      if (next_id == 0) next_id = 1;
      if (!inflight.contains(id) && !subacks.contains(id)) return id;
    }
  }

  // ---- socket

  // Connects to opts.host:opts.port; the error in words, or "" when connected.
  std::string open_socket() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    auto port = std::to_string(opts.port);
    if (int rc = ::getaddrinfo(opts.host.c_str(), port.c_str(), &hints, &res); rc != 0)
      return std::string("cannot resolve ") + opts.host + ": " + ::gai_strerror(rc);
    std::string err = "no address";
    for (auto* a = res; a; a = a->ai_next) {
      int s = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (s < 0) {
        err = std::strerror(errno);
        continue;
      }
      int rc = ::connect(s, a->ai_addr, a->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        pollfd p[2] = {{s, POLLOUT, 0}, {wake_fd, POLLIN, 0}};
        rc = ::poll(p, 2, k_connect_timeout_ms);
        if (rc == 1 && (p[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
          int so = 0;
          socklen_t len = sizeof so;
          ::getsockopt(s, SOL_SOCKET, SO_ERROR, &so, &len);
          rc = so == 0 ? 0 : -1;
          errno = so;
        } else {
          errno = rc == 0 ? ETIMEDOUT : EINTR;
          rc = -1;
        }
      }
      if (rc == 0) {
        int one = 1;
        ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fd = s;
        ::freeaddrinfo(res);
        return {};
      }
      err = std::strerror(errno);
      ::close(s);
    }
    ::freeaddrinfo(res);
    return err;
  }

  void close_socket() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    in_at = in_len = 0;
    out.clear();
    ping_outstanding = false;
  }

  // Writes what `out` holds as far as the socket takes it; false on a broken connection.
  bool flush(std::string& err) {
    std::size_t done = 0;
    while (done < out.size()) {
      auto n = ::send(fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      err = std::string("write failed: ") + std::strerror(errno);
      return false;
    }
    if (done > 0) last_sent = clock::now();
    out.erase(0, done);
    return true;
  }

  // ---- packets

  void refresh_subs() {
    auto gen = subs_gen.load(std::memory_order_acquire);
    if (gen == local_gen) return;
    std::lock_guard lk(mu);
    local = subs;
    local_gen = subs_gen.load(std::memory_order_relaxed);
  }

  void send_subscribe(subscription& s, done_handler done) {
    auto id = take_id();
    wire::put_subscribe(out, id, s.filter, s.qos);
    subacks.emplace(id, std::move(done));
  }

  // Takes the publishes other threads queued (called while connected; until then they wait)
  // and sends what the cap on messages in flight allows.
  void take_queued() {
    std::vector<outgoing> q;
    {
      std::lock_guard lk(mu);
      q.swap(queued);
    }
    for (auto& o : q) waiting.push_back(std::move(o));
    send_waiting();
  }

  // Sends waiting publishes in order until a QoS 1 one finds k_max_in_flight unacknowledged
  // (the rest wait for PUBACKs; QoS 0 ones behind it wait too, so the order holds).
  void send_waiting() {
    while (!waiting.empty()) {
      auto& o = waiting.front();
      if (o.qos == 0) {
        wire::put_publish(out, o.topic, o.payload, 0, 0);
        auto done = std::move(o.done);
        waiting.pop_front();
        if (done) done({});
        continue;
      }
      if (inflight.size() >= k_max_in_flight) return;
      auto id = take_id();
      wire::put_publish(out, o.topic, o.payload, o.qos, id);
      inflight.emplace(id, std::move(o));
      waiting.pop_front();
    }
  }

  // Handles one packet; "" or the reason to drop the connection.
  std::string handle(const wire::packet& p, bool& connected) {
    using wire::packet_type;
    switch (p.type) {
      case packet_type::connack: {
        if (connected) return "a second CONNACK";
        if (p.return_code != 0) return "refused";
        connected = true;
        ++n_connects;
        set_state(mqtt_state::connected, {});
        refresh_subs();
        for (auto& [s, done] : take_subscribes()) send_subscribe(*s, std::move(done));
        // What the broker has not acknowledged goes again, marked as a duplicate.
        for (auto& [id, o] : inflight) wire::put_publish(out, o.topic, o.payload, o.qos, id, true);
        return {};
      }
      case packet_type::publish: {
        if (!connected) return "PUBLISH before CONNACK";
        ++n_messages;
        refresh_subs();
        mqtt_view v{p.topic, p.payload, p.qos, (p.flags & 1) != 0};
        for (auto& s : local)
          if (mqtt_topic_matches(s->filter, p.topic) && *s->on_message) (*s->on_message)(v);
        if (p.qos == 1) wire::put_puback(out, p.packet_id);
        if (p.qos == 2) return "QoS 2 PUBLISH (subscriptions are QoS 1 at most)";
        return {};
      }
      case packet_type::puback: {
        auto it = inflight.find(p.packet_id);
        if (it == inflight.end()) return {};  // a late answer to a publish sent twice
        auto done = std::move(it->second.done);
        inflight.erase(it);
        if (done) done({});
        send_waiting();  // room for one more
        return {};
      }
      case packet_type::suback: {
        auto it = subacks.find(p.packet_id);
        if (it == subacks.end()) return {};
        auto done = std::move(it->second);
        subacks.erase(it);
        if (done) {
          if (p.return_code >= 0x80)
            done(error::make(errc::forbidden, "mqtt.subscribe_denied",
                             "the broker refused the subscription"));
          else
            done({});
        }
        return {};
      }
      case packet_type::pingresp:
        ping_outstanding = false;
        return {};
      default:
        return "unexpected packet";
    }
  }

  // One connection, from connect to its end. Returns the reason it ended; sets `refused`
  // for a final CONNACK refusal.
  std::string session(bool& refused) {
    if (auto err = open_socket(); !err.empty()) return "connection failed: " + err;
    wire::put_connect(out, opts.client_id, opts.username, opts.password, opts.clean_session,
                      static_cast<std::uint16_t>(opts.keepalive_s));
    bool connected = false;
    auto started = clock::now();
    last_sent = started;
    std::string err;
    const auto keepalive = std::chrono::seconds(opts.keepalive_s);
    for (;;) {
      if (!flush(err)) return err;
      auto now = clock::now();
      if (!connected && now - started > std::chrono::milliseconds(k_connect_timeout_ms))
        return "no CONNACK from the broker";
      if (connected && ping_outstanding && now - ping_sent > keepalive)
        return "no answer to PINGREQ";
      if (connected && !ping_outstanding && now - last_sent >= keepalive) {
        wire::put_pingreq(out);
        ping_outstanding = true;
        ping_sent = now;
        continue;
      }
      auto until_ping = connected ? keepalive - (now - last_sent) : std::chrono::seconds(1);
      int timeout = static_cast<int>(std::clamp<std::int64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(until_ping).count(), 10, 1000));
      pollfd p[2] = {{fd, static_cast<short>(POLLIN | (out.empty() ? 0 : POLLOUT)), 0},
                     {wake_fd, POLLIN, 0}};
      int rc = ::poll(p, 2, timeout);
      if (rc < 0 && errno != EINTR) return std::string("poll failed: ") + std::strerror(errno);
      if (p[1].revents & POLLIN) {
        std::uint64_t n;
        (void)!::read(wake_fd, &n, sizeof n);
        if (is_stopping()) {
          wire::put_disconnect(out);
          (void)flush(err);
          return "stopped";
        }
        if (connected) take_queued();
      }
      if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        // Keep the unread tail of the last read at the front of the buffer.
        if (in_at > 0) {
          std::memmove(in.get(), in.get() + in_at, in_len - in_at);
          in_len -= in_at;
          in_at = 0;
        }
        auto n = ::recv(fd, in.get() + in_len, k_in_capacity - in_len, 0);
        if (n == 0) return "the broker closed the connection";
        if (n < 0) {
          if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return std::string("read failed: ") + std::strerror(errno);
          continue;
        }
        in_len += static_cast<std::size_t>(n);
        ++n_reads;
        for (;;) {
          auto d = wire::decode(std::string_view(in.get() + in_at, in_len - in_at), k_max_packet);
          if (d.status == wire::decode_status::need_more) break;
          if (d.status == wire::decode_status::malformed) return "malformed packet from the broker";
          bool was_connected = connected;
          auto why = handle(d.p, connected);
          in_at += d.size;
          if (!why.empty()) {
            if (why != "refused") return why;
            int code = d.p.return_code;
            refused = code == 1 || code == 2 || code == 4 || code == 5;
            return std::string("refused: ") + connack_text(code);
          }
          if (!was_connected && connected) take_queued();
        }
        if (in_at == in_len) in_at = in_len = 0;
      }
    }
  }

  void run() {
    unsigned delay = first_delay();
    for (;;) {
      if (is_stopping()) break;
      bool refused = false;
      auto before = n_connects.load();
      auto why = session(refused);
      bool had_connection = n_connects.load() != before;
      close_socket();
      if (why == "stopped" || is_stopping()) break;
      if (refused) {
        spdlog::warn("mqtt {}: {}", opts.client_id, why);
        set_state(mqtt_state::refused, why);
        break;
      }
      set_state(mqtt_state::connecting, why);
      // Subscriptions waiting for a SUBACK are sent again on the next connection.
      subacks.clear();
      if (had_connection) delay = first_delay();
      if (!retry_after(delay, why)) break;
    }
    close_socket();
  }
};

mqtt_session::mqtt_session(mqtt_options opts) : impl_(std::make_unique<impl>()) {
  impl_->opts = std::move(opts);
}

mqtt_session::~mqtt_session() {
  stop();
}

void mqtt_session::on_connection(connection_handler h) {
  impl_->set_connection_handler(std::move(h));
}

status mqtt_session::start() {
  impl& s = *impl_;
  const mqtt_options& o = s.opts;
  if (auto st = s.check_start(); !st) return st;
  if (o.client_id.empty() || o.client_id.size() > 65535)
    return error::invalid("mqtt.client_id", "client_id", "a client id of 1..65535 bytes is needed");
  s.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (s.wake_fd < 0) return unavailable("mqtt.eventfd", std::strerror(errno));
  s.start_thread([&s] { s.run(); });
  return {};
}

bool mqtt_session::wait_connected(std::chrono::milliseconds timeout) {
  return impl_->wait_connected(timeout);
}

mqtt_state mqtt_session::state() const {
  return impl_->state();
}

std::string mqtt_session::last_error() const {
  return impl_->last_error_copy();
}

mqtt_session_stats mqtt_session::stats() const {
  return {impl_->n_messages.load(), impl_->n_reads.load(), impl_->n_connects.load()};
}

status mqtt_session::subscribe(const std::string& filter, int qos, message_handler on_message,
                               done_handler done) {
  impl& s = *impl_;
  if (qos < 0 || qos > 1) return error::invalid("mqtt.qos", "qos", "QoS must be 0 or 1");
  if (mosquitto_sub_topic_check(filter.c_str()) != MOSQ_ERR_SUCCESS)
    return error::invalid("mqtt.filter", "filter", "invalid topic filter '" + filter + "'");
  auto sub = impl::make_subscription(filter, qos, std::move(on_message));
  {
    std::lock_guard lk(s.mu);
    if (s.st != mqtt_state::idle)
      return error::make(errc::conflict, "mqtt.subscribe_late",
                         "subscribe before start() on this client");
    sub->first_done = std::move(done);
    s.subs.push_back(std::move(sub));
    s.subs_gen.fetch_add(1, std::memory_order_release);
  }
  return {};
}

status mqtt_session::publish(std::string topic, std::string payload, int qos, done_handler done) {
  impl& s = *impl_;
  if (qos < 0 || qos > 1) return error::invalid("mqtt.qos", "qos", "QoS must be 0 or 1");
  if (mosquitto_pub_topic_check(topic.c_str()) != MOSQ_ERR_SUCCESS)
    return error::invalid("mqtt.publish_invalid", "topic", "cannot publish to '" + topic + "'");
  if (payload.size() > k_max_packet)
    return error::make(errc::too_large, "mqtt.payload_too_large", "payload too large");
  {
    std::lock_guard lk(s.mu);
    if (s.st == mqtt_state::idle || s.st == mqtt_state::stopped || s.st == mqtt_state::refused ||
        s.stopping)
      return unavailable("mqtt.stopped", "the MQTT client is not running");
    s.queued.push_back({std::move(topic), std::move(payload), qos, std::move(done)});
  }
  s.wake();
  return {};
}

void mqtt_session::stop() {
  impl& s = *impl_;
  if (!s.begin_stop()) return;
  s.wake();
  if (s.net.joinable()) s.net.join();
  std::vector<done_handler> fail;
  {
    std::lock_guard lk(s.mu);
    s.st = mqtt_state::stopped;
    for (auto& o : s.queued) fail.push_back(std::move(o.done));
    s.queued.clear();
    s.take_unsent(fail);
  }
  for (auto& [id, o] : s.inflight) fail.push_back(std::move(o.done));
  s.inflight.clear();
  for (auto& o : s.waiting) fail.push_back(std::move(o.done));
  s.waiting.clear();
  for (auto& [id, d] : s.subacks) fail.push_back(std::move(d));
  s.subacks.clear();
  s.cv.notify_all();
  impl::fail_stopped(fail);
}

}  // namespace ec::ingest
