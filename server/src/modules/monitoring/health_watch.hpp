// The health part of the monitoring service (docs/MONITORING.md "Health"): the atomics that
// the broker callback and the writer set where things happen (node_health), and the thread
// that re-derives the status every k_health_every_ms (at once when woken, on a broker connect
// or disconnect) and pushes {"type":"health", …} to the live feed whenever the status or its
// list of problems changes. The facts themselves come from a function the service gives
// (health.hpp derives the status from them; pure).
//
// Thread-safety: node_health is atomics; health_watch's start/stop from the owner, wake()
// from any thread.
// Failure: a failed fact read is logged and the status is not pushed that round.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "core/result.hpp"
#include "modules/monitoring/health.hpp"
#include "modules/monitoring/live.hpp"

namespace ec::monitoring {

// The health thread looks at the alert path at least this often.
inline constexpr std::int64_t k_health_every_ms = 5000;

// This node's facts, written where things happen and read by the service's health facts.
struct node_health {
  std::atomic<std::int64_t> started_at{0};
  std::atomic<bool> mqtt_up{false};
  std::atomic<std::int64_t> mqtt_changed_at{0};  // connected_since or disconnected_since
  std::atomic<std::int64_t> mqtt_connects{0};
  std::atomic<std::int64_t> last_commit_at{0}, last_commit_us{0};
  std::atomic<bool> writer_failing{false};
  std::atomic<std::int64_t> last_failure_at{0};
  std::atomic<std::int64_t> writer_alive_at{0};
  std::atomic<std::int64_t> timers_armed{0};
};

class health_watch {
 public:
  using facts_fn = std::function<result<health_facts>()>;
  // `feed` may be null (then the thread only logs changes).
  health_watch(live_feed* feed, facts_fn facts);
  ~health_watch();  // stop()
  health_watch(const health_watch&) = delete;
  health_watch& operator=(const health_watch&) = delete;

  void start();
  // Joins the thread. Idempotent.
  void stop();
  // Look again now (a broker connect or disconnect).
  void wake();

 private:
  void run();

  live_feed* feed_;
  facts_fn facts_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false, stop_ = false;  // guarded by mu_
};

}  // namespace ec::monitoring
