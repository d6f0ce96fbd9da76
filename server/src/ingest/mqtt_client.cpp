#include "ingest/mqtt_client.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "ingest/mqtt_core.hpp"

namespace ec::ingest {

namespace {

void lib_init() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

using detail::unavailable;

// CONNACK codes after which trying again cannot help: MQTT 3.1.1 (1..5) and MQTT 5 (>= 128).
bool refusal_is_final(int rc) {
  switch (rc) {
    case 1:    // unacceptable protocol version
    case 2:    // identifier rejected
    case 4:    // bad user name or password
    case 5:    // not authorised
    case 129:  // malformed packet
    case 130:  // protocol error
    case 132:  // unsupported protocol version
    case 133:  // client identifier not valid
    case 134:  // bad user name or password
    case 135:  // not authorised
    case 138:  // banned
    case 140:  // bad authentication method
      return true;
    default:
      return false;
  }
}

std::string connack_text(int rc, bool v5) {
  return v5 ? mosquitto_reason_string(rc) : mosquitto_connack_string(rc);
}

}  // namespace

result<mqtt_options> parse_mqtt_url(std::string_view url) {
  auto bad = [&] {
    return error::invalid("mqtt.url_invalid", "url",
                          "expected mqtt://HOST:PORT, got '" + std::string(url) + "'");
  };
  if (auto p = url.find("://"); p != std::string_view::npos) {
    if (url.substr(0, p) != "mqtt") return bad();
    url.remove_prefix(p + 3);
  }
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  auto colon = url.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  auto port_text = url.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return bad();
  }
  mqtt_options o;
  o.host = std::string(url.substr(0, colon));
  o.port = static_cast<std::uint16_t>(port);
  return o;
}

status check_mqtt_options(const mqtt_options& o) {
  if (o.host.empty() || o.port == 0)
    return error::invalid("mqtt.address", "host", "MQTT host and port are required");
  if (o.keepalive_s < 5 || o.keepalive_s > 65535)
    return error::invalid("mqtt.keepalive", "keepalive_s", "keepalive must be 5..65535 s");
  return {};
}

const char* to_string(mqtt_state s) {
  switch (s) {
    case mqtt_state::idle:
      return "idle";
    case mqtt_state::connecting:
      return "connecting";
    case mqtt_state::connected:
      return "connected";
    case mqtt_state::refused:
      return "refused";
    case mqtt_state::stopped:
      return "stopped";
  }
  return "?";
}

struct mqtt_client::impl : detail::mqtt_core<mqtt_message> {
  // Completions by message id. A PUBACK or SUBACK can arrive (on the network thread)
  // before the thread that sent it has stored its handler; it then waits in `early`.
  struct completions {
    std::map<int, done_handler> pending;
    std::map<int, status> early;
  };

  mosquitto* mosq = nullptr;
  bool v5 = true;

  completions pubs;
  completions subacks;

  // Stores `done` for `mid`, or runs it now when the broker already answered.
  void expect(completions& c, int mid, done_handler done) {
    std::unique_lock lk(mu);
    if (auto it = c.early.find(mid); it != c.early.end()) {
      status s = std::move(it->second);
      c.early.erase(it);
      lk.unlock();
      if (done) done(std::move(s));
      return;
    }
    c.pending[mid] = std::move(done);
  }

  // Network thread: the broker answered `mid`.
  void complete(completions& c, int mid, status s) {
    std::unique_lock lk(mu);
    auto it = c.pending.find(mid);
    if (it == c.pending.end()) {
      c.early[mid] = std::move(s);
      // Answers nobody claims (resubscriptions, publishes without a handler) must not pile
      // up; a handler stored later for an old id finds nothing and simply never runs.
      if (c.early.size() > 4096) c.early.erase(c.early.begin());
      return;
    }
    done_handler done = std::move(it->second);
    c.pending.erase(it);
    lk.unlock();
    if (done) done(std::move(s));
  }

  void set_state(mqtt_state s, std::string err) {
    connection_handler h;
    std::string why;
    {
      std::lock_guard lk(mu);
      if (st == mqtt_state::stopped) return;
      st = s;
      if (!err.empty()) last_error = std::move(err);
      if (s != mqtt_state::connected) why = last_error;
      h = on_conn;
    }
    cv.notify_all();
    if (h && (s == mqtt_state::connected || s == mqtt_state::refused)) {
      h(s == mqtt_state::connected, why);
    }
  }

  // Sends SUBSCRIBE for `s`; `done` (if any) gets the SUBACK.
  void send_subscribe(const subscription& s, done_handler done) {
    int mid = 0;
    int rc = mosquitto_subscribe_v5(mosq, &mid, s.filter.c_str(), s.qos, 0, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      // Not connected any more: the next connect subscribes again.
      if (done) {
        std::lock_guard lk(mu);
        for (auto& sub : subs) {
          if (sub->filter == s.filter && !sub->first_done) sub->first_done = std::move(done);
        }
      }
      return;
    }
    expect(subacks, mid, std::move(done));
  }

  static impl* self(void* obj) { return static_cast<impl*>(obj); }

  static void on_connect(mosquitto*, void* obj, int rc, int, const mosquitto_property*) {
    impl* s = self(obj);
    if (rc != 0) {
      std::string why = "refused: " + connack_text(rc, s->v5);
      if (refusal_is_final(rc)) {
        spdlog::warn("mqtt {}: {}", s->opts.client_id, why);
        s->set_state(mqtt_state::refused, why);
      } else {
        std::lock_guard lk(s->mu);
        s->last_error = why;
      }
      return;
    }
    auto todo = s->take_subscribes();
    s->set_state(mqtt_state::connected, {});
    for (auto& [sub, done] : todo) s->send_subscribe(*sub, std::move(done));
  }

  static void on_disconnect(mosquitto*, void* obj, int rc, const mosquitto_property*) {
    impl* s = self(obj);
    connection_handler h;
    // rc: a reason code from the broker's DISCONNECT (MQTT 5, >= 128) or a MOSQ_ERR_*.
    std::string why =
        rc == 0 ? "disconnected"
                : std::string("connection lost: ") +
                      (s->v5 && rc >= 128 ? mosquitto_reason_string(rc) : mosquitto_strerror(rc));
    {
      std::lock_guard lk(s->mu);
      if (s->st != mqtt_state::connected) return;
      s->st = mqtt_state::connecting;
      s->last_error = why;
      h = s->on_conn;
    }
    s->cv.notify_all();
    if (h) h(false, why);
  }

  static void on_publish(mosquitto*, void* obj, int mid, int rc, const mosquitto_property*) {
    impl* s = self(obj);
    status result;
    // 16 = "no matching subscribers": accepted all the same.
    if (rc == MQTT_RC_NOT_AUTHORIZED) {
      result = error::make(errc::forbidden, "mqtt.publish_denied",
                           "the broker refused the publish (not authorised)");
    } else if (rc >= 128) {
      result = unavailable("mqtt.publish_failed", std::string("the broker refused the publish: ") +
                                                      mosquitto_reason_string(rc));
    }
    s->complete(s->pubs, mid, std::move(result));
  }

  static void on_subscribe(mosquitto*, void* obj, int mid, int count, const int* granted,
                           const mosquitto_property*) {
    impl* s = self(obj);
    status result;
    for (int i = 0; i < count; ++i) {
      if (granted[i] >= 128) {
        result = error::make(errc::forbidden, "mqtt.subscribe_denied",
                             "the broker refused the subscription");
      }
    }
    s->complete(s->subacks, mid, std::move(result));
  }

  static void on_message(mosquitto*, void* obj, const mosquitto_message* m,
                         const mosquitto_property*) {
    impl* s = self(obj);
    std::vector<std::shared_ptr<const message_handler>> targets;
    {
      std::lock_guard lk(s->mu);
      for (auto& sub : s->subs) {
        bool match = false;
        if (mosquitto_topic_matches_sub(sub->filter.c_str(), m->topic, &match) ==
                MOSQ_ERR_SUCCESS &&
            match) {
          targets.push_back(sub->on_message);
        }
      }
    }
    if (targets.empty()) return;
    mqtt_message msg;
    msg.topic = m->topic;
    if (m->payloadlen > 0) {
      msg.payload.assign(static_cast<const char*>(m->payload),
                         static_cast<std::size_t>(m->payloadlen));
    }
    msg.qos = m->qos;
    msg.retain = m->retain;
    for (auto& t : targets) {
      if (*t) (*t)(msg);
    }
  }

  void run() {
    unsigned delay = first_delay();
    bool first = true;
    while (true) {
      {
        std::lock_guard lk(mu);
        if (stopping || st == mqtt_state::refused) return;
      }
      int rc = first ? mosquitto_connect(mosq, opts.host.c_str(), opts.port, opts.keepalive_s)
                     : mosquitto_reconnect(mosq);
      int err = errno;
      first = false;
      if (rc == MOSQ_ERR_SUCCESS) {
        // Until the connection breaks. mosquitto_loop() returns early when another thread
        // queues a packet (libmosquitto's socket pair), so 1 s only bounds stop() latency
        // when nothing else happens.
        do {
          rc = mosquitto_loop(mosq, 1000, 1);
          std::unique_lock lk(mu);
          if (stopping) {
            lk.unlock();
            drain();
            return;
          }
          if (st == mqtt_state::connected) delay = first_delay();
        } while (rc == MOSQ_ERR_SUCCESS);
        err = errno;
      }
      {
        std::lock_guard lk(mu);
        if (stopping || st == mqtt_state::refused) return;
        if (st == mqtt_state::connected) st = mqtt_state::connecting;
        if (rc == MOSQ_ERR_ERRNO) {
          last_error = std::string("connection failed: ") + std::strerror(err);
        } else if (rc != MOSQ_ERR_CONN_REFUSED && rc != MOSQ_ERR_PROTOCOL) {
          last_error = std::string("connection failed: ") + mosquitto_strerror(rc);
        }
      }
      if (!retry_after(delay, last_error_copy())) return;
    }
  }

  // After stop()'s mosquitto_disconnect(): lets the network thread write the DISCONNECT
  // (the broker then sends no will and logs a clean disconnect) until the socket closes.
  void drain() {
    for (int i = 0; i < 10; ++i) {
      if (mosquitto_loop(mosq, 100, 1) != MOSQ_ERR_SUCCESS) return;
    }
  }
};

mqtt_client::mqtt_client(mqtt_options opts) : impl_(std::make_unique<impl>()) {
  impl_->opts = std::move(opts);
}

mqtt_client::~mqtt_client() {
  stop();
  if (impl_->mosq) mosquitto_destroy(impl_->mosq);
}

void mqtt_client::on_connection(connection_handler h) {
  impl_->set_connection_handler(std::move(h));
}

status mqtt_client::start() {
  impl& s = *impl_;
  const mqtt_options& o = s.opts;
  if (auto st = s.check_start(); !st) return st;
  if (!o.clean_session && o.client_id.empty()) {
    return error::invalid("mqtt.client_id", "client_id", "a persistent session needs a client id");
  }
  if (!o.clean_session && o.protocol == mqtt_protocol::v5) {
    return error::invalid("mqtt.persistent_v5", "protocol",
                          "a persistent session needs MQTT 3.1.1 (see mqtt_client.hpp)");
  }
  lib_init();
  s.v5 = o.protocol == mqtt_protocol::v5;
  s.mosq = mosquitto_new(o.client_id.empty() ? nullptr : o.client_id.c_str(), o.clean_session, &s);
  if (!s.mosq) return unavailable("mqtt.new", "mosquitto_new failed");
  mosquitto_int_option(s.mosq, MOSQ_OPT_PROTOCOL_VERSION,
                       s.v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  mosquitto_threaded_set(s.mosq, true);
  if (!o.username.empty()) {
    int rc = mosquitto_username_pw_set(s.mosq, o.username.c_str(),
                                       o.password.empty() ? nullptr : o.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) {
      return error::invalid("mqtt.credentials", "username", mosquitto_strerror(rc));
    }
  }
  mosquitto_connect_v5_callback_set(s.mosq, &impl::on_connect);
  mosquitto_disconnect_v5_callback_set(s.mosq, &impl::on_disconnect);
  mosquitto_publish_v5_callback_set(s.mosq, &impl::on_publish);
  mosquitto_subscribe_v5_callback_set(s.mosq, &impl::on_subscribe);
  mosquitto_message_v5_callback_set(s.mosq, &impl::on_message);
  s.start_thread([&s] { s.run(); });
  return {};
}

bool mqtt_client::wait_connected(std::chrono::milliseconds timeout) {
  return impl_->wait_connected(timeout);
}

mqtt_state mqtt_client::state() const {
  return impl_->state();
}

std::string mqtt_client::last_error() const {
  return impl_->last_error_copy();
}

status mqtt_client::subscribe(const std::string& filter, int qos, message_handler on_message,
                              done_handler done) {
  impl& s = *impl_;
  if (qos < 0 || qos > 2) return error::invalid("mqtt.qos", "qos", "QoS must be 0, 1 or 2");
  if (mosquitto_sub_topic_check(filter.c_str()) != MOSQ_ERR_SUCCESS) {
    return error::invalid("mqtt.filter", "filter", "invalid topic filter '" + filter + "'");
  }
  auto sub = impl::make_subscription(filter, qos, std::move(on_message));
  bool send_now = false;
  {
    std::lock_guard lk(s.mu);
    if (s.st == mqtt_state::stopped) {
      return unavailable("mqtt.stopped", "the MQTT client has stopped");
    }
    send_now = s.st == mqtt_state::connected;
    if (!send_now) sub->first_done = std::move(done);
    s.subs.push_back(sub);
  }
  if (send_now) s.send_subscribe(*sub, std::move(done));
  return {};
}

result<int> mqtt_client::publish(const std::string& topic, std::string_view payload, int qos,
                                 bool retain, done_handler done) {
  impl& s = *impl_;
  if (qos < 0 || qos > 2) return error::invalid("mqtt.qos", "qos", "QoS must be 0, 1 or 2");
  if (payload.size() > 268435455) {
    return error::make(errc::too_large, "mqtt.payload_too_large", "payload too large");
  }
  {
    std::lock_guard lk(s.mu);
    if (s.st == mqtt_state::idle || s.st == mqtt_state::stopped || !s.mosq) {
      return unavailable("mqtt.stopped", "the MQTT client is not running");
    }
  }
  int mid = 0;
  int rc = mosquitto_publish_v5(s.mosq, &mid, topic.c_str(), static_cast<int>(payload.size()),
                                payload.data(), qos, retain, nullptr);
  // QoS > 0 while disconnected: libmosquitto has queued the message and sends it after
  // reconnecting, so that is not a failure.
  if (rc == MOSQ_ERR_NO_CONN && qos > 0 && mid != 0) rc = MOSQ_ERR_SUCCESS;
  if (rc != MOSQ_ERR_SUCCESS) {
    if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_PAYLOAD_SIZE || rc == MOSQ_ERR_QOS_NOT_SUPPORTED) {
      return error::invalid(
          "mqtt.publish_invalid", "topic",
          std::string("cannot publish to '") + topic + "': " + mosquitto_strerror(rc));
    }
    return unavailable("mqtt.publish_failed", mosquitto_strerror(rc));
  }
  s.expect(s.pubs, mid, std::move(done));
  return mid;
}

void mqtt_client::stop() {
  impl& s = *impl_;
  if (!s.begin_stop()) return;
  if (s.mosq) mosquitto_disconnect(s.mosq);
  if (s.net.joinable()) s.net.join();
  std::vector<done_handler> fail;
  {
    std::lock_guard lk(s.mu);
    s.st = mqtt_state::stopped;
    for (auto& [mid, d] : s.pubs.pending) fail.push_back(std::move(d));
    s.pubs.pending.clear();
    for (auto& [mid, d] : s.subacks.pending) fail.push_back(std::move(d));
    s.subacks.pending.clear();
    s.take_unsent(fail);
  }
  s.cv.notify_all();
  impl::fail_stopped(fail);
}

}  // namespace ec::ingest
