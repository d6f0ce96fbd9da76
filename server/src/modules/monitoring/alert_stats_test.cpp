#include "modules/monitoring/alert_stats.hpp"

#include <gtest/gtest.h>

namespace ec::monitoring {
namespace {

constexpr std::int64_t t0 = 1'800'000'000'000;

alert_sample answered_after(std::int64_t community, const char* severity, std::int64_t ack_s,
                            std::optional<std::int64_t> resolve_s = std::nullopt,
                            std::string outcome = "safe_on_visit") {
  alert_sample a{community,
                 community == 1 ? "官庄社区" : "台孙村",
                 severity,
                 t0,
                 t0 + ack_s * 1000,
                 std::nullopt,
                 ""};
  if (resolve_s) {
    a.resolved_at = t0 + *resolve_s * 1000;
    a.outcome = std::move(outcome);
  }
  return a;
}

TEST(AlertStats, NearestRank) {
  std::vector<std::int64_t> v = {10, 20, 30, 40};
  EXPECT_EQ(nearest_rank(v, 50), 20);  // lower middle
  EXPECT_EQ(nearest_rank(v, 90), 40);
  EXPECT_EQ(nearest_rank(v, 100), 40);
  EXPECT_EQ(nearest_rank({7}, 50), 7);
  std::vector<std::int64_t> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(nearest_rank(ten, 90), 9);
  EXPECT_EQ(nearest_rank(ten, 50), 5);
  EXPECT_EQ(nearest_rank(ten, 1), 1);
}

TEST(AlertStats, EmptyGivesNoFigures) {
  auto r = compute_stats({});
  EXPECT_TRUE(r.communities.empty());
  EXPECT_EQ(r.total.alerts, 0);
  EXPECT_FALSE(r.total.answer_median_s);
  EXPECT_FALSE(r.total.within_60s_share);
}

TEST(AlertStats, PerCommunityAndSeverity) {
  std::vector<alert_sample> in = {
      answered_after(1, "critical", 10, 600),  // answered in 10 s, resolved after 10 min
      answered_after(1, "critical", 30, 1200),
      answered_after(1, "critical", 90),      // answered late, still open
      answered_after(1, "warning", 60, 120),  // exactly 60 s counts as within
      answered_after(2, "technical", 5),
  };
  // Never answered: counts against the share.
  in.push_back({1, "官庄社区", "critical", t0, std::nullopt, std::nullopt, ""});
  // Resolved by a person without acknowledging: answered at the resolution.
  in.push_back({2, "台孙村", "warning", t0, std::nullopt, t0 + 40'000, "false_alarm"});
  // Closed by the system: neither answered nor resolved by a person.
  in.push_back({2, "台孙村", "technical", t0, std::nullopt, t0 + 5'000, "auto_cleared"});

  auto r = compute_stats(in);
  ASSERT_EQ(r.communities.size(), 2u);
  const auto& g = r.communities[0];
  EXPECT_EQ(g.community_id, 1);
  EXPECT_EQ(g.community_name, "官庄社区");
  EXPECT_EQ(g.all.alerts, 5);
  EXPECT_EQ(g.all.answered, 4);
  EXPECT_EQ(g.all.resolved, 3);
  EXPECT_EQ(g.all.within_60s, 3);
  ASSERT_TRUE(g.all.within_60s_share);
  EXPECT_DOUBLE_EQ(*g.all.within_60s_share, 3.0 / 5.0);
  // Answer times 10, 30, 60, 90 s: median (lower middle) 30, p90 90.
  EXPECT_DOUBLE_EQ(*g.all.answer_median_s, 30.0);
  EXPECT_DOUBLE_EQ(*g.all.answer_p90_s, 90.0);
  // Resolve times 120, 600, 1200 s.
  EXPECT_DOUBLE_EQ(*g.all.resolve_median_s, 600.0);
  EXPECT_EQ(g.critical.alerts, 4);
  EXPECT_EQ(g.critical.answered, 3);
  EXPECT_DOUBLE_EQ(*g.critical.within_60s_share, 0.5);
  EXPECT_EQ(g.warning.alerts, 1);
  EXPECT_DOUBLE_EQ(*g.warning.answer_median_s, 60.0);
  EXPECT_EQ(g.technical.alerts, 0);
  EXPECT_FALSE(g.technical.within_60s_share);

  const auto& t = r.communities[1];
  EXPECT_EQ(t.community_id, 2);
  EXPECT_EQ(t.all.alerts, 3);
  EXPECT_EQ(t.all.answered, 2);  // the acknowledged one and the one resolved by a person
  EXPECT_EQ(t.all.resolved, 1);  // auto_cleared is not counted
  EXPECT_DOUBLE_EQ(*t.all.answer_median_s, 5.0);
  EXPECT_DOUBLE_EQ(*t.all.answer_p90_s, 40.0);
  EXPECT_DOUBLE_EQ(*t.all.resolve_median_s, 40.0);
  EXPECT_DOUBLE_EQ(*t.warning.within_60s_share, 1.0);

  EXPECT_EQ(r.total.alerts, 8);
  EXPECT_EQ(r.total.answered, 6);
  EXPECT_EQ(r.total.within_60s, 5);
}

TEST(AlertStats, ClockGoingBackwardsCountsAsZero) {
  // An acknowledgement stamped before creation (clock step on another node) is not negative.
  alert_sample a{1, "官庄社区", "critical", t0, t0 - 5000, std::nullopt, ""};
  auto r = compute_stats({a});
  EXPECT_DOUBLE_EQ(*r.total.answer_median_s, 0.0);
  EXPECT_EQ(r.total.within_60s, 1);
}

}  // namespace
}  // namespace ec::monitoring
