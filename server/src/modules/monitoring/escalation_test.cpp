#include "modules/monitoring/escalation.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace {

using namespace ec::monitoring;

constexpr std::int64_t k_raised = 1'795'928'700'000;  // 2026-11-29T13:05:00+08:00
constexpr std::int64_t s = 1000;

using steps = std::vector<escalation_step>;

TEST(RuleEscalation, DefaultPlanDueTimes) {
  const escalation_plan p;
  EXPECT_TRUE(validate_plan(p));
  EXPECT_EQ(due_at(p, k_raised, 1), k_raised);
  EXPECT_EQ(due_at(p, k_raised, 2), k_raised + 60 * s);
  EXPECT_EQ(due_at(p, k_raised, 3), k_raised + 180 * s);
  EXPECT_EQ(due_at(p, k_raised, 4), k_raised + 480 * s);
}

TEST(RuleEscalation, NextDueForArmingATimer) {
  const escalation_plan p;
  // Just before the raise is handled, level 1 is next; at the raise it is due (levels_due).
  EXPECT_EQ(next_due(p, k_raised, false, k_raised - 1), (escalation_step{1, k_raised}));
  EXPECT_EQ(next_due(p, k_raised, false, k_raised), (escalation_step{2, k_raised + 60 * s}));
  EXPECT_EQ(next_due(p, k_raised, false, k_raised + 60 * s - 1),
            (escalation_step{2, k_raised + 60 * s}));
  EXPECT_EQ(next_due(p, k_raised, false, k_raised + 60 * s),
            (escalation_step{3, k_raised + 180 * s}));
  EXPECT_EQ(next_due(p, k_raised, false, k_raised + 479 * s),
            (escalation_step{4, k_raised + 480 * s}));
  EXPECT_EQ(next_due(p, k_raised, false, k_raised + 480 * s), std::nullopt);
  // Acknowledged: the chain stops climbing.
  EXPECT_EQ(next_due(p, k_raised, true, k_raised + 10 * s), std::nullopt);
}

TEST(RuleEscalation, LevelsDueInOrderNoneTwice) {
  const escalation_plan p;
  EXPECT_EQ(levels_due(p, k_raised, 0, k_raised - 1), steps{});
  EXPECT_EQ(levels_due(p, k_raised, 0, k_raised), (steps{{1, k_raised}}));
  EXPECT_EQ(levels_due(p, k_raised, 1, k_raised + 59 * s), steps{});
  EXPECT_EQ(levels_due(p, k_raised, 1, k_raised + 60 * s), (steps{{2, k_raised + 60 * s}}));
  EXPECT_EQ(levels_due(p, k_raised, 2, k_raised + 60 * s), steps{});  // already sent
  EXPECT_EQ(levels_due(p, k_raised, 4, k_raised + 3600 * s), steps{});
}

TEST(RuleEscalation, ServerDownForTenMinutes) {
  const escalation_plan p;
  // Level 1 was sent at the raise; the server died 30 s later and came back 10 minutes later.
  const std::int64_t back = k_raised + 30 * s + 600 * s;
  EXPECT_EQ(levels_due(p, k_raised, 1, back),
            (steps{{2, k_raised + 60 * s}, {3, k_raised + 180 * s}, {4, k_raised + 480 * s}}));
  // If it had recorded level 2 as sent before dying, only 3 and 4 remain.
  EXPECT_EQ(levels_due(p, k_raised, 2, back),
            (steps{{3, k_raised + 180 * s}, {4, k_raised + 480 * s}}));
  // Down for only 2 minutes (back at 150 s): level 2 fell due, level 3 is the next timer.
  EXPECT_EQ(levels_due(p, k_raised, 1, k_raised + 150 * s), (steps{{2, k_raised + 60 * s}}));
  EXPECT_EQ(next_due(p, k_raised, false, k_raised + 150 * s),
            (escalation_step{3, k_raised + 180 * s}));
  // Died before even level 1 went out: it is sent on start-up with the others that fell due.
  EXPECT_EQ(levels_due(p, k_raised, 0, k_raised + 90 * s),
            (steps{{1, k_raised}, {2, k_raised + 60 * s}}));
}

TEST(RuleEscalation, ReplayingEveryTickSendsEachLevelExactlyOnce) {
  escalation_plan p;
  p.delay_ms = {0, 45 * s, 0, 600 * s};  // level 3 at the same time as level 2
  int last = 0;
  std::vector<int> sent;
  for (std::int64_t now = k_raised - 5 * s; now < k_raised + 1000 * s; now += 7 * s) {
    for (const auto& st : levels_due(p, k_raised, last, now)) {
      EXPECT_LE(st.due_ms, now);
      EXPECT_GT(st.due_ms, now - 7 * s);  // sent within one tick of falling due
      sent.push_back(st.level);
      last = st.level;
    }
  }
  EXPECT_EQ(sent, (std::vector{1, 2, 3, 4}));
}

TEST(RuleEscalation, ValidationAndOverflow) {
  escalation_plan p;
  p.delay_ms = {-1, 0, 25LL * 3600 * 1000, 0};
  auto v = validate_plan(p);
  ASSERT_FALSE(v);
  ASSERT_EQ(v.err().details.size(), 2u);
  EXPECT_EQ(v.err().details[0].field, "delay_ms[0]");
  EXPECT_EQ(v.err().details[1].field, "delay_ms[2]");
  // Even unvalidated, due times never decrease and never overflow.
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(due_at(escalation_plan{}, hi - 1000, 4), hi);
  EXPECT_EQ(levels_due(escalation_plan{}, hi - 1000, 0, hi).size(), 4u);
  EXPECT_EQ(due_at(p, k_raised, 1), k_raised);  // a negative delay counts as 0
  EXPECT_EQ(levels_due(escalation_plan{}, k_raised, -5, k_raised).size(), 1u);
  EXPECT_EQ(levels_due(escalation_plan{}, k_raised, 9, hi).size(), 0u);
}

}  // namespace
