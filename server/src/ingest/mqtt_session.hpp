// mqtt_session: the server's own uplink connection to the broker — one MQTT 3.1.1 persistent
// session over a plain TCP socket, built for throughput.
//
// Why not mqtt_client (libmosquitto) for this one connection: every event of every device
// arrives here. libmosquitto reads each packet with three read() calls (the first byte, the
// length, the rest), waits in select() between packets and writes each PUBACK on its own, so
// its thread spent ~10 µs of CPU per event — as much as the database writer — on a machine
// whose two cores the broker also needs (docs/PERFORMANCE.md "Monitoring"). This client
// reads up to 256 KiB at a time, takes every whole packet out of it, passes each PUBLISH to
// its handler as views into that buffer (no copies), and answers all of them with one write.
// The admin connection (dynamic-security commands, MQTT 5) and the simulator's tools still use
// mqtt_client; the packet codec is ingest/mqtt_wire.
//
// The same contract as mqtt_client where they overlap:
// - Threads: start() starts one network thread; every handler (connection, message, publish
//   and subscribe completion) runs on it, one at a time. Keep handlers short; never call
//   stop() or the destructor from one. subscribe(), publish(), state(), wait_connected() and
//   last_error() may be called from any thread. A message handler that blocks (the writer's
//   queue is full) stops reading, so the broker keeps the rest queued for the session: that
//   is the intended back-pressure.
// - Connection: connects in the background and reconnects by itself with exponential back-off
//   (reconnect_min_s .. reconnect_max_s); every subscription is sent again after each
//   connect. A CONNACK that refuses the credentials, the client id or the protocol is final
//   (state `refused`). A broker that does not answer PINGREQ within keepalive_s is dropped.
// - Delivery: a QoS 1 message from the broker is acknowledged after its handler has returned
//   (with the other acknowledgements of the same read). A QoS 1 publish is done when the
//   broker acknowledged it: its handler gets ok, or `unavailable` when the client stopped
//   first. While disconnected, QoS 1 publishes wait and are sent (again, with DUP) after
//   reconnecting; QoS 0 publishes made while disconnected are sent after reconnecting.
// - At most k_max_in_flight QoS 1 publishes await their PUBACK at a time; later publishes
//   (of either QoS) wait in order and go out as acknowledgements come back. (Without the
//   cap, 65,535 unacknowledged publishes would leave no free packet id.)
// - MQTT 3.1.1 only: its CONNECT keeps the session across reconnects (mqtt_client.hpp says
//   why not MQTT 5 here). Subscriptions up to QoS 1; no retained publishes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "ingest/mqtt_client.hpp"

namespace ec::ingest {

// A message as it arrived; the views are valid during the handler's call only.
struct mqtt_view {
  std::string_view topic;
  std::string_view payload;
  int qos = 0;
  bool retain = false;
};

// Counters for /metrics, read from any thread.
struct mqtt_session_stats {
  std::uint64_t messages = 0;  // PUBLISH packets received
  std::uint64_t reads = 0;     // read() calls that returned data
  std::uint64_t connects = 0;  // accepted CONNACKs
};

class mqtt_session {
 public:
  static constexpr std::size_t k_max_in_flight = 1000;

  using message_handler = std::function<void(const mqtt_view&)>;
  using connection_handler = mqtt_client::connection_handler;
  using done_handler = std::function<void(status)>;

  // opts.protocol is ignored (always 3.1.1).
  explicit mqtt_session(mqtt_options opts);
  ~mqtt_session();  // stop()
  mqtt_session(const mqtt_session&) = delete;
  mqtt_session& operator=(const mqtt_session&) = delete;

  void on_connection(connection_handler h);
  status start();
  bool wait_connected(std::chrono::milliseconds timeout);
  mqtt_state state() const;
  std::string last_error() const;
  mqtt_session_stats stats() const;

  // `filter` may hold + and # wildcards; qos 0 or 1. `done` gets the first SUBACK's answer:
  // ok, or `forbidden` when the broker refused the subscription.
  status subscribe(const std::string& filter, int qos, message_handler on_message,
                   done_handler done = {});
  // Queues a publish (qos 0 or 1) for the network thread; `done` as described above.
  status publish(std::string topic, std::string payload, int qos, done_handler done = {});
  // Sends DISCONNECT, joins the network thread and fails what is pending with `unavailable`.
  // Idempotent.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// MQTT topic filter matching (libmosquitto's): "+" one level, "#" the rest, no wildcard
// match for topics starting with "$".
bool mqtt_topic_matches(std::string_view filter, std::string_view topic);

}  // namespace ec::ingest
