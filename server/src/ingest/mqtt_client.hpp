// mqtt_client: a small thread-safe MQTT client over libmosquitto, for the server's own
// connection to the broker (device uplinks, downlinks, dynamic-security commands) and for
// the device simulator and tests.
//
// Threads: start() starts one network thread per client that drives mosquitto_loop() itself
// (libmosquitto in threaded mode, but not mosquitto_loop_start(): this thread owns
// connecting and reconnecting, so that a refused login ends it and stop() never waits out a
// back-off). Every handler (connection, message, publish and subscribe completion) runs on
// that thread, one at a time; keep them short and never call stop() or the destructor from
// one (it would wait for itself). subscribe(), publish(), state() and wait_connected() may be
// called from any thread, also from handlers. mosquitto_lib_init() runs once per process.
//
// Connection: start() returns at once; the client connects in the background and reconnects
// by itself with exponential back-off (reconnect_min_s .. reconnect_max_s) after a lost
// connection or a broker that is not up yet. Every subscription made with subscribe() is
// sent again after each (re)connect. A broker that refuses the credentials (bad user name or
// password, not authorised, banned, client id rejected) is final: the state becomes
// `refused` and the client stops trying.
//
// Protocol: MQTT 5 by default, so that a publish the broker's ACL denies completes with
// `forbidden` instead of silently. A persistent session (clean_session = false: the broker
// keeps the subscriptions and queues QoS 1 messages while the client is away) needs MQTT
// 3.1.1 here: libmosquitto 2.0's reconnect (mosquitto_reconnect) sends no CONNECT
// properties, so the MQTT 5 session-expiry interval would be 0 after the first reconnect
// and the session would end with the connection.
// start() rejects clean_session = false with MQTT 5.
//
// Delivery: a QoS 1 publish is done when the broker has acknowledged it (PUBACK). Its
// completion handler is called exactly once: ok; `forbidden` when the broker refused it
// (MQTT 5 only); `unavailable` when the client stopped before the acknowledgement. While
// disconnected, libmosquitto keeps QoS 1 messages and sends them after reconnecting.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec::ingest {

enum class mqtt_protocol { v311, v5 };

struct mqtt_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1883;
  std::string username;  // empty: connect without credentials
  std::string password;
  std::string client_id;  // empty: the library makes one (needs clean_session = true)
  int keepalive_s = 30;   // the broker drops a silent client after 1.5 x this
  bool clean_session = true;
  mqtt_protocol protocol = mqtt_protocol::v5;
  unsigned reconnect_min_s = 1;
  unsigned reconnect_max_s = 30;
};

// host and port from "mqtt://HOST:PORT" (or "HOST:PORT"); other schemes are rejected.
result<mqtt_options> parse_mqtt_url(std::string_view url);
// What every client needs: a host and port, and a keepalive of 5..65535 s.
status check_mqtt_options(const mqtt_options& o);

struct mqtt_message {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
};

enum class mqtt_state { idle, connecting, connected, refused, stopped };
const char* to_string(mqtt_state s);

class mqtt_client {
 public:
  using message_handler = std::function<void(const mqtt_message&)>;
  // connected == true after a CONNACK that accepted us; false after a lost connection or a
  // refusal (`reason` says which, from libmosquitto).
  using connection_handler = std::function<void(bool connected, const std::string& reason)>;
  using done_handler = std::function<void(status)>;

  explicit mqtt_client(mqtt_options opts);
  ~mqtt_client();  // stop()
  mqtt_client(const mqtt_client&) = delete;
  mqtt_client& operator=(const mqtt_client&) = delete;

  // Called on every connect and disconnect from then on; best set before start().
  void on_connection(connection_handler h);

  // Starts connecting in the background. Fails only for bad options or a client that has
  // already been started.
  status start();
  // Waits until connected, refused or stopped; true when connected.
  bool wait_connected(std::chrono::milliseconds timeout);
  mqtt_state state() const;
  // The last connection failure or refusal, in words ("" if none).
  std::string last_error() const;

  // Subscribes to `filter` (wildcards allowed) and calls `on_message` for every message
  // whose topic matches it (a message matching several filters goes to each). `done` gets
  // the broker's answer to the first SUBSCRIBE: ok, or `forbidden` when the ACL denied it.
  // Before the connection is up the subscription is kept and sent once connected.
  status subscribe(const std::string& filter, int qos, message_handler on_message,
                   done_handler done = {});

  // Publishes; returns the message id. For QoS 1 and 2 `done` is called once as described
  // above; for QoS 0 it is called when the message has been handed to the socket.
  result<int> publish(const std::string& topic, std::string_view payload, int qos,
                      bool retain = false, done_handler done = {});

  // Disconnects cleanly (DISCONNECT, so no will message), joins the network thread and fails
  // pending completions with `unavailable`. Idempotent.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ec::ingest
