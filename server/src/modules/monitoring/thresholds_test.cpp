#include "modules/monitoring/thresholds.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "modules/monitoring/test_support.hpp"

namespace {

using namespace ec::monitoring;
using ec::monitoring::testing::wall_ms;

const clock_window k_night{20 * 60, 5 * 60};

TEST(RuleWindow, NightCrossingMidnightInShanghaiLocalTime) {
  struct probe {
    int hh, mm;
    bool inside;
  };
  const probe probes[] = {{19, 59, false}, {20, 0, true}, {23, 59, true},
                          {0, 0, true},    {4, 59, true}, {5, 0, false}};
  for (const auto& p : probes) {
    const std::int64_t t = wall_ms(2026, 11, 29, p.hh, p.mm, 0, 480);
    EXPECT_EQ(in_window(k_night, t, 480), p.inside) << p.hh << ":" << p.mm;
    EXPECT_EQ(local_minute_of_day(t, 480), p.hh * 60 + p.mm);
    // The last second of 04:59 is still inside; the first of 05:00 is not.
    if (p.hh == 4) {
      EXPECT_TRUE(in_window(k_night, t + 59'999, 480));
    }
  }
}

TEST(RuleWindow, SameInstantsWrittenInUtc) {
  // 19:59, 20:00, 23:59 local on the 29th are 11:59, 12:00, 15:59 UTC that day; 00:00, 04:59,
  // 05:00 local on the 30th are 16:00, 20:59, 21:00 UTC on the 29th.
  EXPECT_FALSE(in_window(k_night, wall_ms(2026, 11, 29, 11, 59, 0, 0), 480));
  EXPECT_TRUE(in_window(k_night, wall_ms(2026, 11, 29, 12, 0, 0, 0), 480));
  EXPECT_TRUE(in_window(k_night, wall_ms(2026, 11, 29, 15, 59, 0, 0), 480));
  EXPECT_TRUE(in_window(k_night, wall_ms(2026, 11, 29, 16, 0, 0, 0), 480));
  EXPECT_TRUE(in_window(k_night, wall_ms(2026, 11, 29, 20, 59, 0, 0), 480));
  EXPECT_FALSE(in_window(k_night, wall_ms(2026, 11, 29, 21, 0, 0, 0), 480));
  EXPECT_EQ(wall_ms(2026, 11, 30, 0, 0, 0, 480), wall_ms(2026, 11, 29, 16, 0, 0, 0));
}

TEST(RuleWindow, OffsetIsTheEldersNotAnAssumption) {
  // 12:00 UTC is 20:00 in Shanghai (inside) but noon in London (outside) and 07:00 in
  // New York at -300 (outside); 02:00 UTC is 21:00 in New York (inside).
  const std::int64_t noon_utc = wall_ms(2026, 11, 29, 12, 0, 0, 0);
  EXPECT_TRUE(in_window(k_night, noon_utc, 480));
  EXPECT_FALSE(in_window(k_night, noon_utc, 0));
  EXPECT_FALSE(in_window(k_night, noon_utc, -300));
  EXPECT_TRUE(in_window(k_night, wall_ms(2026, 11, 30, 2, 0, 0, 0), -300));
  EXPECT_EQ(local_minute_of_day(noon_utc, -300), 7 * 60);
  EXPECT_EQ(local_minute_of_day(noon_utc, 345), 17 * 60 + 45);  // Nepal, +05:45
}

TEST(RuleWindow, DaytimeEmptyAndWholeDay) {
  const clock_window day{7 * 60, 21 * 60};
  EXPECT_FALSE(in_window(day, 6 * 60 + 59));
  EXPECT_TRUE(in_window(day, 7 * 60));
  EXPECT_TRUE(in_window(day, 20 * 60 + 59));
  EXPECT_FALSE(in_window(day, 21 * 60));
  const clock_window empty{600, 600};
  for (int m = 0; m < 1440; m += 7) EXPECT_FALSE(in_window(empty, m));
  const clock_window all{0, 1440};
  for (int m = 0; m < 1440; m += 7) EXPECT_TRUE(in_window(all, m));
}

TEST(RuleWindow, WindowStartOfACrossingWindow) {
  // At 03:00 on the 30th the night began at 20:00 on the 29th; at 22:00 it began at 20:00.
  const std::int64_t three = wall_ms(2026, 11, 30, 3, 0, 0, 480) / 1000;
  EXPECT_EQ(window_start_s(k_night, three, 480), wall_ms(2026, 11, 29, 20, 0, 0, 480) / 1000);
  const std::int64_t ten_pm = wall_ms(2026, 11, 29, 22, 0, 30, 480) / 1000;
  EXPECT_EQ(window_start_s(k_night, ten_pm, 480), wall_ms(2026, 11, 29, 20, 0, 0, 480) / 1000);
}

TEST(RuleWindow, ExtremeInstantsDoNotOverflow) {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  for (std::int64_t t : {lo, lo + 1, std::int64_t{-1}, std::int64_t{0}, hi - 1, hi}) {
    for (int off : {-720, 0, 480, 840}) {
      const int m = local_minute_of_day(t, off);
      EXPECT_GE(m, 0);
      EXPECT_LT(m, 1440);
    }
  }
  EXPECT_EQ(local_minute_of_day(-1, 0), 1439);  // 23:59:59.999 on 1969-12-31
  EXPECT_EQ(local_minute_of_day(0, 480), 480);
}

TEST(RuleThresholds, ParseAndFormatClock) {
  EXPECT_EQ(*parse_clock("20:00", "f"), 1200);
  EXPECT_EQ(*parse_clock("00:00", "f"), 0);
  EXPECT_EQ(*parse_clock("24:00", "f"), 1440);
  for (const char* bad : {"24:01", "7:00", "07:60", "0700", "ab:cd", "", "07:00 "}) {
    auto r = parse_clock(bad, "night.start");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.err().code, "monitoring.clock_invalid");
    EXPECT_EQ(r.err().field, "night.start");
  }
  EXPECT_EQ(format_clock(300), "05:00");
  EXPECT_EQ(format_clock(1440), "24:00");
}

TEST(RuleThresholds, DefaultsByTypeAreValid) {
  for (int i = 0; i < k_device_type_count; ++i) {
    const auto t = static_cast<device_type>(i);
    EXPECT_TRUE(validate(defaults_for(t))) << format(t);
  }
  EXPECT_EQ(defaults_for(device_type::motion_sensor).no_motion_hours, 4);
  EXPECT_EQ(defaults_for(device_type::sos_pendant).no_motion_hours, 0);
  EXPECT_EQ(defaults_for(device_type::smoke).heartbeat_interval_s, 3600u);
  EXPECT_EQ(defaults_for(device_type::door_sensor).night, (clock_window{1200, 300}));
  EXPECT_EQ(defaults_for(device_type::door_sensor).utc_offset_min, 480);
  EXPECT_DOUBLE_EQ(defaults_for(device_type::gps_watch).offline_multiple, 3.0);
}

TEST(RuleThresholds, OverridesMergeOverTheTypeDefaults) {
  threshold_overrides o;
  o.hr_max = 110;
  o.night = clock_window{22 * 60, 6 * 60};
  o.utc_offset_min = 420;
  auto r = resolve(device_type::heart_rate_band, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->hr_max, 110);
  EXPECT_EQ(r->hr_min, 45);  // untouched
  EXPECT_EQ(r->night, (clock_window{1320, 360}));
  EXPECT_EQ(r->utc_offset_min, 420);
  EXPECT_EQ(r->heartbeat_interval_s, 300u);
  EXPECT_EQ(merge(defaults_for(device_type::gas), {}), defaults_for(device_type::gas));
}

TEST(RuleThresholds, ValidationNamesEveryBadField) {
  threshold_overrides o;
  o.offline_multiple = 1.2;  // below the broker's own 1.5 x keep-alive
  o.hr_min = 130;            // above hr_max
  o.night = clock_window{1440, 1441};
  o.no_motion_hours = 15;  // longer than the 14 h daytime window
  o.utc_offset_min = 900;
  auto r = resolve(device_type::motion_sensor, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().kind, ec::errc::invalid);
  std::vector<std::string> fields;
  for (const auto& d : r.err().details) {
    fields.push_back(d.field);
    EXPECT_EQ(d.code, "monitoring.threshold_invalid");
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"utc_offset_min", "offline_multiple", "night.start_min",
                                      "night.end_min", "no_motion_hours", "hr_max"}));
  EXPECT_EQ(r.err().field, "utc_offset_min");

  thresholds t;
  t.offline_multiple = std::numeric_limits<double>::quiet_NaN();
  t.hr_run = 0;
  t.low_battery_percent = 98;  // + margin 5 > 100
  t.damping_refires = 0;
  auto v = validate(t);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.err().details.size(), 4u);
}

}  // namespace
