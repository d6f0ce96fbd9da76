// Escalation timing, pure: when each level of a community's chain falls due for an alert that
// nobody has acknowledged.
//
// Level 1 is the elder's building leader or volunteer, 2 the family contacts, 3 the community
// station staff, 4 emergency. delay_ms[k-1] is how long after level k-1 was due (level 1: after
// the raise) level k falls due, so due(k) = raised_at + delay(1) + ... + delay(k). Due times
// depend only on raised_at and the plan, never on when anything was sent: after a restart the
// caller asks levels_due() with the last level it recorded as sent and gets exactly the levels
// that fell due meanwhile — none lost, none twice.
//
// Failure: validate_plan returns kind `invalid` via error::fields ("monitoring.plan_invalid").
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"

namespace ec::monitoring {

inline constexpr int k_escalation_levels = 4;

struct escalation_plan {
  // Defaults: level 1 at once, level 2 at 60 s, 3 at 180 s, 4 at 480 s (README.md: the 60 s /
  // 180 s answer targets of monitoring centres in STANDARDS.md).
  std::array<std::int64_t, k_escalation_levels> delay_ms{0, 60'000, 120'000, 300'000};
};

// Each delay 0 .. 24 h.
ec::status validate_plan(const escalation_plan& p);

struct escalation_step {
  int level = 0;            // 1..4
  std::int64_t due_ms = 0;  // Unix ms
  bool operator==(const escalation_step&) const = default;
};

// When `level` (1..4) falls due; saturates instead of overflowing.
std::int64_t due_at(const escalation_plan& p, std::int64_t raised_at_ms, int level);

// The next level still to fall due strictly after now, for arming a timer; nullopt when the
// alert is acknowledged or every level is already due (levels_due() returns those).
std::optional<escalation_step> next_due(const escalation_plan& p, std::int64_t raised_at_ms,
                                        bool acknowledged, std::int64_t now_ms);

// The levels after last_level_sent (0 = none yet) that are due at now (due_ms <= now), in order.
// For unacknowledged alerts only: an acknowledged alert climbs no further.
std::vector<escalation_step> levels_due(const escalation_plan& p, std::int64_t raised_at_ms,
                                        int last_level_sent, std::int64_t now_ms);

}  // namespace ec::monitoring
