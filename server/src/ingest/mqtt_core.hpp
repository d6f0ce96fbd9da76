// What the two MQTT clients share: mqtt_client (libmosquitto, the server's connection) and
// mqtt_session (ingest/mqtt_wire.hpp, the simulator's many connections). The state other
// threads see under one mutex, the subscriptions, the reconnect backoff and the bodies of the
// public getters. Internal to ingest/.
#pragma once

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "ingest/mqtt_client.hpp"

namespace ec::ingest::detail {

inline error unavailable(std::string code, std::string message) {
  return error::make(errc::unavailable, std::move(code), std::move(message));
}

// `Message` is what a subscription's handler receives (mqtt_message or mqtt_view).
template <class Message>
struct mqtt_core {
  using message_handler = std::function<void(const Message&)>;
  using connection_handler = mqtt_client::connection_handler;
  using done_handler = std::function<void(status)>;

  struct subscription {
    std::string filter;
    int qos = 0;
    std::shared_ptr<const message_handler> on_message;
    done_handler first_done;  // taken by whoever sends the first SUBSCRIBE
  };
  // A subscription with the handler of its first SUBACK (empty after the first).
  using pending_subscribe = std::pair<std::shared_ptr<subscription>, done_handler>;

  mqtt_options opts;

  mutable std::mutex mu;
  std::condition_variable cv;
  mqtt_state st = mqtt_state::idle;
  bool stopping = false;
  std::string last_error;
  connection_handler on_conn;
  std::vector<std::shared_ptr<subscription>> subs;
  std::thread net;

  static std::shared_ptr<subscription> make_subscription(const std::string& filter, int qos,
                                                         message_handler on_message) {
    auto sub = std::make_shared<subscription>();
    sub->filter = filter;
    sub->qos = qos;
    sub->on_message = std::make_shared<const message_handler>(std::move(on_message));
    return sub;
  }

  void set_connection_handler(connection_handler h) {
    std::lock_guard lk(mu);
    on_conn = std::move(h);
  }

  // start(): a client starts once, with valid options.
  status check_start() const {
    {
      std::lock_guard lk(mu);
      if (st != mqtt_state::idle)
        return error::make(errc::conflict, "mqtt.already_started", "client already started");
    }
    return check_mqtt_options(opts);
  }

  // start(): `body` runs on the network thread from now on.
  template <class Body>
  void start_thread(Body body) {
    {
      std::lock_guard lk(mu);
      st = mqtt_state::connecting;
    }
    net = std::thread(std::move(body));
  }

  bool wait_connected(std::chrono::milliseconds timeout) {
    std::unique_lock lk(mu);
    cv.wait_for(lk, timeout, [&] {
      return st == mqtt_state::connected || st == mqtt_state::refused ||
             st == mqtt_state::stopped || st == mqtt_state::idle;
    });
    return st == mqtt_state::connected;
  }

  mqtt_state state() const {
    std::lock_guard lk(mu);
    return st;
  }

  std::string last_error_copy() const {
    std::lock_guard lk(mu);
    return last_error;
  }

  // After a CONNACK: every subscription, each with its first SUBSCRIBE's handler (taken).
  std::vector<pending_subscribe> take_subscribes() {
    std::vector<pending_subscribe> todo;
    std::lock_guard lk(mu);
    for (auto& sub : subs) todo.emplace_back(sub, std::move(sub->first_done));
    return todo;
  }

  // ---- reconnecting (network thread)

  unsigned first_delay() const { return std::max(1u, opts.reconnect_min_s); }

  // Waits `delay` unless stop() comes first; false when stopping.
  bool pause(std::chrono::seconds delay) {
    std::unique_lock lk(mu);
    return !cv.wait_for(lk, delay, [&] { return stopping; });
  }

  // Logs why the connection ended, waits `delay` s and doubles it up to reconnect_max_s;
  // false when stop() came meanwhile.
  bool retry_after(unsigned& delay, const std::string& why) {
    spdlog::debug("mqtt {}: {}; retrying in {} s", opts.client_id, why, delay);
    if (!pause(std::chrono::seconds(delay))) return false;
    delay = std::min(delay * 2, std::max(opts.reconnect_max_s, opts.reconnect_min_s));
    return true;
  }

  // ---- stopping

  // stop(): false when stopped already; else from now on the network thread winds down.
  bool begin_stop() {
    {
      std::lock_guard lk(mu);
      if (st == mqtt_state::stopped) return false;
      stopping = true;
    }
    cv.notify_all();
    return true;
  }

  // With `mu` held: the first-SUBSCRIBE handlers no SUBSCRIBE took.
  void take_unsent(std::vector<done_handler>& out) {
    for (auto& sub : subs)
      if (sub->first_done) out.push_back(std::move(sub->first_done));
  }

  // What waited for the broker when the client stopped.
  static void fail_stopped(std::vector<done_handler>& handlers) {
    for (auto& d : handlers)
      if (d) d(unavailable("mqtt.stopped", "the MQTT client stopped before the broker answered"));
  }
};

}  // namespace ec::ingest::detail
