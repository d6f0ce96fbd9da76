#include "modules/monitoring/alert_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ec::monitoring {

namespace {

constexpr std::int64_t k_answer_target_ms = 60'000;

// Durations collected for one bucket before the figures are derived.
struct bucket {
  response_figures f;
  std::vector<std::int64_t> answer_ms, resolve_ms;

  void add(const alert_sample& a) {
    ++f.alerts;
    std::optional<std::int64_t> answered = a.acknowledged_at;
    bool by_person = a.resolved_at && a.outcome != "auto_cleared";
    if (!answered && by_person) answered = a.resolved_at;
    if (answered) {
      auto d = std::max<std::int64_t>(0, *answered - a.created_at);
      ++f.answered;
      answer_ms.push_back(d);
      if (d <= k_answer_target_ms) ++f.within_60s;
    }
    if (by_person) {
      ++f.resolved;
      resolve_ms.push_back(std::max<std::int64_t>(0, *a.resolved_at - a.created_at));
    }
  }

  response_figures finish() {
    std::sort(answer_ms.begin(), answer_ms.end());
    std::sort(resolve_ms.begin(), resolve_ms.end());
    if (!answer_ms.empty()) {
      f.answer_median_s = static_cast<double>(nearest_rank(answer_ms, 50)) / 1000.0;
      f.answer_p90_s = static_cast<double>(nearest_rank(answer_ms, 90)) / 1000.0;
    }
    if (!resolve_ms.empty())
      f.resolve_median_s = static_cast<double>(nearest_rank(resolve_ms, 50)) / 1000.0;
    if (f.alerts > 0)
      f.within_60s_share = static_cast<double>(f.within_60s) / static_cast<double>(f.alerts);
    return f;
  }
};

struct community_buckets {
  std::string name;
  bucket all, critical, warning, technical;
};

}  // namespace

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted_values, double p) {
  auto n = static_cast<double>(sorted_values.size());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
  rank = std::clamp<std::size_t>(rank, 1, sorted_values.size());
  return sorted_values[rank - 1];
}

stats_report compute_stats(const std::vector<alert_sample>& alerts) {
  std::map<std::int64_t, community_buckets> by;
  bucket total;
  for (const auto& a : alerts) {
    auto& cb = by[a.community_id];
    if (cb.name.empty()) cb.name = a.community_name;
    cb.all.add(a);
    total.add(a);
    if (a.severity == "critical")
      cb.critical.add(a);
    else if (a.severity == "warning")
      cb.warning.add(a);
    else
      cb.technical.add(a);
  }
  stats_report out;
  out.communities.reserve(by.size());
  for (auto& [id, cb] : by)
    out.communities.push_back({id, cb.name, cb.all.finish(), cb.critical.finish(),
                               cb.warning.finish(), cb.technical.finish()});
  out.total = total.finish();
  return out;
}

}  // namespace ec::monitoring
