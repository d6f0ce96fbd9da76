#include "modules/monitoring/escalation.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace ec::monitoring {
namespace {

constexpr std::int64_t k_max_delay_ms = 24LL * 3600 * 1000;

std::int64_t sat_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }
  return r;
}

}  // namespace

ec::status validate_plan(const escalation_plan& p) {
  std::vector<field_error> errs;
  for (int i = 0; i < k_escalation_levels; ++i) {
    const std::int64_t d = p.delay_ms[static_cast<std::size_t>(i)];
    if (d < 0 || d > k_max_delay_ms) {
      errs.push_back({"delay_ms[" + std::to_string(i) + "]", "monitoring.plan_invalid",
                      "An escalation delay is 0 .. 24 h"});
    }
  }
  if (!errs.empty()) return ec::error::fields(std::move(errs));
  return {};
}

std::int64_t due_at(const escalation_plan& p, std::int64_t raised_at_ms, int level) {
  std::int64_t t = raised_at_ms;
  const int upto = std::clamp(level, 0, k_escalation_levels);
  for (int i = 0; i < upto; ++i) {
    // Clamped so that an unvalidated plan cannot move a level before the previous one.
    t = sat_add(
        t, std::clamp<std::int64_t>(p.delay_ms[static_cast<std::size_t>(i)], 0, k_max_delay_ms));
  }
  return t;
}

std::optional<escalation_step> next_due(const escalation_plan& p, std::int64_t raised_at_ms,
                                        bool acknowledged, std::int64_t now_ms) {
  if (acknowledged) return std::nullopt;
  for (int level = 1; level <= k_escalation_levels; ++level) {
    const std::int64_t due = due_at(p, raised_at_ms, level);
    if (due > now_ms) return escalation_step{level, due};
  }
  return std::nullopt;
}

std::vector<escalation_step> levels_due(const escalation_plan& p, std::int64_t raised_at_ms,
                                        int last_level_sent, std::int64_t now_ms) {
  std::vector<escalation_step> out;
  for (int level = std::max(1, last_level_sent + 1); level <= k_escalation_levels; ++level) {
    const std::int64_t due = due_at(p, raised_at_ms, level);
    if (due > now_ms) break;  // due times never decrease with the level
    out.push_back({level, due});
  }
  return out;
}

}  // namespace ec::monitoring
