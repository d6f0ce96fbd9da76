// Response-time figures of alerts per community (issue 3 "Alert history": time to acknowledge,
// time to resolve, share acknowledged within 60 s), computed from the alerts a scoped query
// returns. Pure: no database, no clock.
//
// Definitions (docs/MONITORING.md "Response times"):
//   - answered: a person acknowledged the alert, or resolved it without acknowledging first;
//     time to answer = that moment − created_at (when the platform committed the alert, so a
//     device's clock cannot distort it).
//   - resolved: resolved by a person (auto_cleared alerts are not a response and are left out
//     of the resolve figures); time to resolve = resolved_at − created_at.
//   - within 60 s: answered at most 60 s after created_at, as a share of all alerts (an alert
//     nobody answered counts against it).
//   - median and p90 by the nearest-rank method: the smallest value with at least p % of the
//     values at or below it (for an even count the median is the lower middle value).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ec::monitoring {

struct alert_sample {
  std::int64_t community_id = 0;
  std::string community_name;
  std::string severity;  // critical | warning | technical
  std::int64_t created_at = 0;
  std::optional<std::int64_t> acknowledged_at;
  std::optional<std::int64_t> resolved_at;
  std::string outcome;  // "" while unresolved; auto_cleared when the system closed it
};

struct response_figures {
  std::int64_t alerts = 0;
  std::int64_t answered = 0;    // acknowledged (or resolved by a person first)
  std::int64_t resolved = 0;    // by a person
  std::int64_t within_60s = 0;  // answered within 60 s
  std::optional<double> answer_median_s, answer_p90_s, resolve_median_s;
  std::optional<double> within_60s_share;  // 0..1; none without alerts
};

struct community_figures {
  std::int64_t community_id = 0;
  std::string community_name;
  response_figures all, critical, warning, technical;
};

struct stats_report {
  std::vector<community_figures> communities;  // by community id
  response_figures total;
};

stats_report compute_stats(const std::vector<alert_sample>& alerts);

// The nearest-rank percentile (0 < p ≤ 100) of `values` (sorted ascending, non-empty).
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted_values, double p);

}  // namespace ec::monitoring
