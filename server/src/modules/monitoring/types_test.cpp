#include "modules/monitoring/types.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ec::monitoring;

TEST(RuleTypes, NamesRoundTrip) {
  for (int i = 0; i < k_device_type_count; ++i) {
    const auto t = static_cast<device_type>(i);
    EXPECT_EQ(*parse_device_type(format(t), "type"), t);
  }
  for (int i = 0; i < k_event_kind_count; ++i) {
    const auto k = static_cast<event_kind>(i);
    EXPECT_EQ(*parse_event_kind(format(k), "type"), k);
  }
  for (int i = 0; i < k_alert_kind_count; ++i) {
    const auto k = static_cast<alert_kind>(i);
    EXPECT_EQ(*parse_alert_kind(format(k), "kind"), k);
  }
  for (auto v : {severity::critical, severity::warning, severity::technical})
    EXPECT_EQ(*parse_severity(format(v), "severity"), v);
  EXPECT_FALSE(parse_severity("urgent", "severity"));
  EXPECT_EQ(format(device_type::heart_rate_band), "heart_rate_band");
  EXPECT_EQ(format(event_kind::door_open), "door_open");
  EXPECT_EQ(format(alert_kind::door_night), "door_night");
  auto bad = parse_device_type("SOS_PENDANT", "type");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().code, "monitoring.device_type_unknown");
  EXPECT_EQ(bad.err().field, "type");
  EXPECT_FALSE(parse_event_kind("", "type"));
}

TEST(RuleTypes, ChineseLabels) {
  for (int i = 0; i < k_device_type_count; ++i)
    EXPECT_FALSE(label_zh(static_cast<device_type>(i)).empty()) << i;
  for (int i = 0; i < k_alert_kind_count; ++i)
    EXPECT_FALSE(label_zh(static_cast<alert_kind>(i)).empty()) << i;
  EXPECT_EQ(label_zh(device_type::fall_detector), "跌倒报警器");
  EXPECT_EQ(label_zh(device_type::gps_watch), "定位手表");
  EXPECT_EQ(label_zh(alert_kind::sos), "紧急呼叫SOS");
  EXPECT_EQ(label_zh(alert_kind::low_battery), "电量低");
  // Audit summaries and escalation notices.
  EXPECT_EQ(alert_label_zh("fall"), "跌倒告警");
  EXPECT_EQ(alert_label_zh("xyz"), "xyz告警");
  for (int i = 0; i < k_alert_kind_count; ++i)
    EXPECT_FALSE(notice_label_zh(static_cast<alert_kind>(i)).empty()) << i;
  EXPECT_EQ(notice_label_zh(alert_kind::sos), "紧急呼叫(SOS)");
  EXPECT_EQ(notice_label_zh(alert_kind::smoke), "烟雾报警");
  EXPECT_EQ(level_label_zh(1), "楼长/志愿者");
  EXPECT_EQ(level_label_zh(2), "家属");
  EXPECT_EQ(level_label_zh(3), "社区站");
  EXPECT_EQ(level_label_zh(4), "紧急救援");
}

TEST(RuleTypes, Severities) {
  for (auto k :
       {alert_kind::sos, alert_kind::fall, alert_kind::smoke, alert_kind::gas, alert_kind::water}) {
    EXPECT_EQ(severity_of(k), severity::critical) << format(k);
  }
  for (auto k : {alert_kind::no_motion, alert_kind::door_night, alert_kind::heart_rate}) {
    EXPECT_EQ(severity_of(k), severity::warning) << format(k);
  }
  EXPECT_EQ(severity_of(alert_kind::offline), severity::technical);
  EXPECT_EQ(severity_of(alert_kind::low_battery), severity::technical);
  EXPECT_EQ(format(severity::technical), "technical");
}

TEST(RuleTypes, CriticalEventsAndTheirAlertsAreOneMapping) {
  int critical = 0;
  for (int i = 0; i < k_event_kind_count; ++i) {
    auto k = static_cast<event_kind>(i);
    auto a = critical_alert_of(k);
    EXPECT_EQ(is_critical(k), a.has_value()) << format(k);
    if (!a) continue;
    ++critical;
    EXPECT_EQ(format(*a), format(k));  // the alert has the event's name
    EXPECT_EQ(severity_of(*a), severity::critical);
  }
  EXPECT_EQ(critical, 5);
  EXPECT_FALSE(critical_alert_of(event_kind::heartbeat));
  EXPECT_FALSE(critical_alert_of(event_kind::door_open));
}

TEST(RuleTypes, Outcomes) {
  for (auto o : k_outcomes) {
    EXPECT_TRUE(is_outcome(o));
    EXPECT_FALSE(outcome_zh(o).empty()) << o;
  }
  EXPECT_FALSE(is_outcome("fixed"));
  EXPECT_EQ(outcome_zh("hospital"), "已送医");
  EXPECT_EQ(outcome_zh("fixed"), "");
}

}  // namespace
