// The device simulator (`eldercare simulate`, the kill test, bench/ingest.sh): plays the day
// model (simulator/sim_model.hpp) for many devices over MQTT, each device on its own connection
// with its own login (user name = client id = serial, password = its secret), and measures
// how fast the platform answers SOS and falls.
//
// Events are the JSON of docs/MONITORING.md "Events": {"id","type","time"[,"value"|"lat",
// "lon"][,"battery"]} published QoS 1 on eldercare/{serial}/up. `time` is the wall clock at
// the first send (what a device stamps); the model's clock only decides *what* happens, in
// the elders' local time. Event ids are "{run}-{device}-{n}" in base 36, unique across runs.
//
// Pacing: with rate > 0 the simulator sends `rate` events per second overall, taking always
// the device whose next model event is earliest, so model time runs as fast as that rate
// needs (the report shows the resulting speed-up). With rate == 0 model time runs at
// time_scale × the wall clock and every event is sent when its model time comes.
//
// Critical events (sos, fall, smoke, gas, water) are repeated with the same id and payload
// (first after retransmit_first_ms, then doubling up to retransmit_max_ms) until
// {"type":"received","event_id":…} arrives on eldercare/{serial}/down; send→received and
// send→acknowledged ({"type":"acknowledged","alert_id":…}) latencies are measured from the
// first send.
//
// Connections: one thread drives all of them with epoll (MQTT 3.1.1, ingest/mqtt_wire.hpp,
// one file descriptor each). At most max_connections are open at once (default: what the
// process's open-file limit allows, minus a reserve); with more devices than that, a device
// connects when it has something to send and the least recently used idle device (no
// publish in flight, no critical event waiting) is disconnected to make room — as
// battery-powered devices that wake to report do. A device waiting for "received" keeps its
// connection. The day (and duration_s) starts once the first max_connections devices are
// connected, or after 30 s. A login the broker refuses is handed to fix_login (if set) on another
// thread, then tried again.
//
// Thread-safety: run() blocks on the calling thread; stop(), stop_new_events(), report(),
// criticals() and unreceived() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "simulator/sim_model.hpp"

namespace ec::ingest {

// Latency samples in milliseconds; percentiles by the nearest-rank method.
class latency_stats {
 public:
  struct summary {
    std::size_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0;
  };
  void add(double ms);
  summary summarize() const;
  std::size_t count() const { return samples_.size(); }

 private:
  std::vector<double> samples_;
};
// "n=12 p50=3.1 p95=8.0 p99=9.9 max=10.2 ms" (or "n=0").
std::string format_summary(const latency_stats::summary& s);

struct sim_device {
  std::string serial;
  std::string secret;
  sim::device_type type = sim::device_type::sos_pendant;
  std::uint32_t heartbeat_s = 0;  // 0 = the type's default
};

struct sim_report {
  double elapsed_s = 0;
  double sending_s = 0;            // until new events stopped (the end of the duration)
  double model_speed = 0;          // model seconds per wall second while sending
  std::uint64_t events = 0;        // distinct events generated
  std::uint64_t published = 0;     // PUBLISH packets written (repeats included)
  std::uint64_t acked = 0;         // distinct events the broker acknowledged (PUBACK)
  std::uint64_t repeats = 0;       // repeated critical publishes
  std::uint64_t criticals = 0;     // distinct critical events
  std::uint64_t received = 0;      // criticals answered "received"
  std::uint64_t acknowledged = 0;  // criticals whose alert a person acknowledged
  std::uint64_t queued = 0;        // events waiting for their device's connection
  std::uint64_t dropped = 0;       // events dropped from a full device queue (never sent)
  std::uint64_t connections = 0;   // open and logged in now
  std::uint64_t connects = 0;      // successful logins so far
  std::uint64_t connect_failures = 0;
  std::uint64_t refused = 0;    // logins refused by the broker
  std::uint64_t evictions = 0;  // idle connections closed to make room
  latency_stats::summary to_received;
  latency_stats::summary to_acknowledged;
};
// Several lines of text for people.
std::string format_report(const sim_report& r);

struct critical_record {
  std::string serial;
  std::string event_id;
  std::string type;
  bool received = false;
  std::int64_t alert_id = 0;  // from "received"
};

struct simulator_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1883;
  std::vector<sim_device> devices;
  double rate = 0;
  double time_scale = 1;
  double duration_s = 0;  // 0 = until stop()
  double drain_s = 10;    // after the end: wait this long for outstanding answers
  std::uint64_t seed = 1;
  sim::model_options model;
  std::size_t max_connections = 0;   // 0 = from the open-file limit
  std::size_t max_connecting = 256;  // logins in progress at once
  int retransmit_first_ms = 2000;
  int retransmit_max_ms = 30000;
  std::uint16_t keepalive_s = 60;
  double report_interval_s = 10;
  std::function<void(const sim_report&, bool final)> on_report;
  // Called on a helper thread for a device whose login the broker refused; ok = try again.
  std::function<status(const sim_device&)> fix_login;
};

class simulator {
 public:
  explicit simulator(simulator_options o);
  ~simulator();
  simulator(const simulator&) = delete;
  simulator& operator=(const simulator&) = delete;

  // Runs until duration_s has passed (then drains) or stop(). Fails only when nothing can
  // run (no devices, bad options, epoll unavailable).
  status run();
  void stop();
  // From now on no new model events; repeats of critical events go on until received.
  void stop_new_events();
  // Critical events still waiting for "received".
  std::size_t unreceived() const;
  std::vector<critical_record> criticals() const;
  sim_report report() const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

// Event ids: "{run}-{device}-{n}", each part base 36.
std::string base36(std::uint64_t v);
// The JSON payload of one event (docs/MONITORING.md "Events").
std::string event_json(std::string_view id, const sim::model_event& e, std::int64_t time_ms);

}  // namespace ec::ingest
