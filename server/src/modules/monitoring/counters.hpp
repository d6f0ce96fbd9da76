// The monitoring service's Prometheus counters (/metrics): ingest accepted, duplicate and
// rejected by transport and reason, unauthenticated HTTP ingest, dead letters dropped, alerts
// raised by kind, escalation levels sent, downlinks, writer batches and their commit times.
// Written where things happen (the writer, the ingest threads, the broker's network thread).
//
// Thread-safety: atomics, and a mutex for the rejection table; any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

struct ingest_counters {
  std::atomic<std::int64_t> accepted_mqtt{0}, accepted_http{0}, duplicates{0};
  std::atomic<std::int64_t> batches{0}, batch_failures{0}, commit_us_sum{0}, commit_us_max{0};
  std::atomic<std::int64_t> dead_dropped{0};
  std::atomic<std::int64_t> unauth_rejected{0}, unauth_limited{0};
  std::atomic<std::int64_t> raised[k_alert_kind_count]{};
  std::atomic<std::int64_t> escalations_sent{0}, downlinks_ok{0}, downlinks_failed{0};

  // Rejected input by (transport, reason).
  void count_rejected(std::string_view transport, std::string_view reason);

  // The counters' Prometheus text, with the work queue's depth as a gauge.
  void render(std::string& out, std::size_t queue_depth) const;

 private:
  mutable std::mutex rej_mu_;
  std::map<std::pair<std::string, std::string>, std::int64_t> rejected_;
};

}  // namespace ec::monitoring
