// The health of the alert path (docs/MONITORING.md "Health"): what an operator at 3 a.m. must
// see at once when something between a device and the people who help is broken.
//
// health_facts is a snapshot of numbers from the monitoring service (broker connection, writer,
// escalation timers, webhook notifier: atomics, no locks on the hot path) and from SQL (webhook
// outbox, dead letters of the last hour, overdue escalations). derive() turns the facts into an
// overall status (ok | degraded | down) and a list of problems, each saying what is wrong and
// what to do, in Chinese and English. It is a pure function, unit-tested on its own.
//
// Thread-safety: stateless; the connection is the caller's.
// Failure: database errors pass through.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {

// Thresholds of the status rules (docs/MONITORING.md "Health" names each).
inline constexpr std::int64_t k_health_broker_grace_ms = 15'000;
inline constexpr std::int64_t k_health_writer_stall_ms = 30'000;
inline constexpr std::int64_t k_health_escalation_late_ms = 60'000;
inline constexpr std::int64_t k_health_webhook_delay_ms = 300'000;
inline constexpr std::int64_t k_health_dead_letters_hour = 100;
inline constexpr std::int64_t k_hour_ms = 3'600'000;

struct health_facts {
  std::int64_t now = 0;  // Unix ms
  bool running = false;  // the monitoring service runs on this node
  std::int64_t started_at = 0;

  struct broker_facts {
    bool configured = false;
    bool connected = false;
    bool refused = false;  // the broker refused our credentials: final, no more retries
    std::optional<std::int64_t> connected_since, disconnected_since;
    std::int64_t reconnects = 0;  // connections after the first
    std::string last_error;
  } broker;

  struct writer_facts {
    std::int64_t queue_depth = 0;
    std::int64_t queue_max = 0;
    std::optional<std::int64_t> last_commit_at;
    std::int64_t last_commit_us = 0;
    std::int64_t batch_failures = 0;  // since start
    bool failing = false;             // the last batch failed (after its retries)
    std::optional<std::int64_t> last_failure_at;
    std::int64_t alive_at = 0;  // the writer thread's last loop (it wakes at least every 2 s)
  } writer;

  struct escalation_facts {
    std::int64_t timers_armed = 0;
    std::int64_t overdue =
        0;  // open alerts whose next level is late by k_health_escalation_late_ms
    std::optional<std::int64_t> oldest_overdue_at;
  } escalation;

  struct webhook_facts {
    bool configured = false;
    std::int64_t pending = 0;
    std::optional<std::int64_t> oldest_pending_at;  // created_at of the oldest pending row
    std::int64_t failed_last_hour = 0;              // rows with a failed attempt in the hour
    std::int64_t gave_up_last_hour = 0;             // of those, failed for good
    std::int64_t failing_streak = 0;                // failed attempts since the last success
    std::optional<std::int64_t> last_sent_at;
    std::string last_error;
    std::optional<std::int64_t> last_error_at;
  } webhook;

  struct dead_letter_facts {
    std::int64_t last_hour = 0;
    std::map<std::string, std::int64_t> by_reason;  // last hour
    std::int64_t dropped = 0;                       // counted but not stored (flood), since start
  } dead_letters;
};

struct health_problem {
  std::string code;   // "broker.disconnected"
  std::string level;  // "down" | "degraded"
  std::string zh, en;
};

struct health_verdict {
  std::string status = "ok";  // ok | degraded | down
  std::vector<health_problem> problems;
  bool operator==(const health_verdict& o) const;  // same status and problem codes
};

// The status rules: the worst problem decides; no problem is ok.
health_verdict derive(const health_facts& f);

// Fills the SQL facts: webhook outbox, dead letters of the last hour, overdue escalations.
status load_store_facts(db::connection& c, health_facts& f);

// Devices in `who`'s scope (sys::device_scope_sql) with an open offline / low-battery alert.
struct device_health {
  std::int64_t active = 0;  // active devices bound to an elder
  std::int64_t offline = 0;
  std::int64_t low_battery = 0;
};
result<device_health> load_device_health(db::connection& c, const sys::principal& who);

// The JSON of GET /api/v1/monitoring/health and of the live feed's {"type":"health"} message
// (without `devices`, which depend on the user). `english` picks the problems' `message`.
boost::json::object health_json(const health_facts& f, const health_verdict& v, bool english);

}  // namespace ec::monitoring
