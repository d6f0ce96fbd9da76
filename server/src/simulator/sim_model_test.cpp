// The simulator's day model: deterministic, realistic by hour of the local day, every stream
// behaving as documented in sim_model.hpp.
#include "simulator/sim_model.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace {

using namespace ec::ingest::sim;

constexpr std::int64_t k_minute = 60'000;
constexpr std::int64_t k_hour = 60 * k_minute;
constexpr std::int64_t k_day = 24 * k_hour;
// 2026-11-29T00:00:00+08:00
constexpr std::int64_t k_midnight = 1795881600000;

std::vector<model_event> play(device_type t, std::uint64_t seed, std::int64_t start,
                              std::int64_t until, const model_options& o = {}) {
  auto m = make_model(t, seed, start, 0, o);
  std::vector<model_event> out;
  while (next_time(m) < until) out.push_back(next_event(m, o));
  return out;
}

int local_hour(std::int64_t ms) {
  return local_minute(ms, 480) / 60;
}

TEST(SimModel, TypesRoundTripAndDefaults) {
  for (auto name : {"sos_pendant", "fall_detector", "door_sensor", "motion_sensor", "bed_sensor",
                    "smoke", "gas", "water_leak", "heart_rate_band", "gps_watch"}) {
    auto t = parse_device_type(name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(to_string(*t), name);
  }
  EXPECT_FALSE(parse_device_type("toaster"));
  EXPECT_EQ(default_heartbeat_s(device_type::sos_pendant), 300u);
  EXPECT_EQ(default_heartbeat_s(device_type::door_sensor), 600u);
  EXPECT_EQ(default_heartbeat_s(device_type::smoke), 3600u);
  EXPECT_TRUE(is_critical(event_type::sos));
  EXPECT_TRUE(is_critical(event_type::water));
  EXPECT_FALSE(is_critical(event_type::door_open));
}

TEST(SimModel, LocalMinuteIsShanghaiTime) {
  EXPECT_EQ(local_minute(k_midnight, 480), 0);
  EXPECT_EQ(local_minute(k_midnight - 1, 480), 24 * 60 - 1);
  EXPECT_EQ(local_minute(k_midnight + 8 * k_hour + 5 * k_minute, 480), 8 * 60 + 5);
  EXPECT_EQ(local_minute(k_midnight, 0), 16 * 60);  // 16:00 UTC the day before
  EXPECT_EQ(local_minute(-1, 0), 24 * 60 - 1);      // before 1970 too
}

TEST(SimModel, SameSeedSameDayOtherSeedOtherDay) {
  auto a = play(device_type::motion_sensor, 7, k_midnight, k_midnight + k_day);
  auto b = play(device_type::motion_sensor, 7, k_midnight, k_midnight + k_day);
  auto c = play(device_type::motion_sensor, 8, k_midnight, k_midnight + k_day);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].at_ms, b[i].at_ms);
    EXPECT_EQ(a[i].type, b[i].type);
  }
  bool differs = a.size() != c.size();
  for (std::size_t i = 0; !differs && i < a.size(); ++i) differs = a[i].at_ms != c[i].at_ms;
  EXPECT_TRUE(differs);
  EXPECT_NE(device_seed(1, "TZ-SOS-000001"), device_seed(1, "TZ-SOS-000002"));
  EXPECT_NE(device_seed(1, "TZ-SOS-000001"), device_seed(2, "TZ-SOS-000001"));
}

TEST(SimModel, TimeNeverGoesBackwards) {
  for (int t = 0; t < 10; ++t) {
    model_options o;
    o.sos_per_day = 3;
    o.hazard_per_day = 3;
    auto ev =
        play(static_cast<device_type>(t), 42, k_midnight + 13 * k_hour, k_midnight + 3 * k_day, o);
    ASSERT_FALSE(ev.empty());
    for (std::size_t i = 1; i < ev.size(); ++i) EXPECT_GE(ev[i].at_ms, ev[i - 1].at_ms);
  }
}

TEST(SimModel, MotionByDayAndRarelyAtNight) {
  int day = 0, night = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (auto& e : play(device_type::motion_sensor, seed, k_midnight, k_midnight + k_day)) {
      if (e.type != event_type::motion) continue;
      int h = local_hour(e.at_ms);
      if (h >= 7 && h < 21) ++day;
      if (h >= 23 || h < 5) ++night;
    }
  }
  // Expected per device: ~100 by day, ~1.8 at night.
  EXPECT_GT(day / 20, 70);
  EXPECT_LT(day / 20, 140);
  EXPECT_LT(night / 20, 6);
}

TEST(SimModel, DoorOpensAFewTimesADayAndAlwaysCloses) {
  int opens = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto ev = play(device_type::door_sensor, seed, k_midnight, k_midnight + 2 * k_day);
    bool open = false;
    std::int64_t opened = 0;
    for (auto& e : ev) {
      if (e.type == event_type::door_open) {
        EXPECT_FALSE(open) << "opened twice";
        open = true;
        opened = e.at_ms;
        ++opens;
      } else if (e.type == event_type::door_close) {
        EXPECT_TRUE(open);
        EXPECT_GE(e.at_ms - opened, 30'000);
        EXPECT_LE(e.at_ms - opened, 4 * k_minute);
        open = false;
      }
    }
  }
  double per_day = opens / 40.0;
  EXPECT_GT(per_day, 3);
  EXPECT_LT(per_day, 10);
}

TEST(SimModel, BedInAtNightOutInTheMorning) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    auto ev = play(device_type::bed_sensor, seed, k_midnight + 12 * k_hour,
                   k_midnight + 12 * k_hour + 3 * k_day);
    int bedtimes = 0, mornings = 0;
    bool in_bed = false, got_up = true;  // the model starts at noon, out of bed
    for (auto& e : ev) {
      int minute = local_minute(e.at_ms, 480);
      if (e.type == event_type::bed_in) {
        EXPECT_FALSE(in_bed);
        in_bed = true;
        EXPECT_TRUE(minute >= 21 * 60 || minute < 8 * 60) << minute;
        if (got_up) {  // going to bed for the night, not back from the toilet
          EXPECT_GE(minute, 21 * 60);
          EXPECT_LT(minute, 23 * 60);
          ++bedtimes;
        }
        got_up = false;
      } else if (e.type == event_type::bed_out) {
        EXPECT_TRUE(in_bed);
        in_bed = false;
        got_up = minute >= 5 * 60 + 30 && minute < 12 * 60;
        if (got_up) {
          EXPECT_LT(minute, 7 * 60 + 30);
          ++mornings;
        }
      }
    }
    EXPECT_EQ(bedtimes, 3) << seed;
    EXPECT_EQ(mornings, 3) << seed;
  }
}

TEST(SimModel, HeartbeatsAtTheIntervalWithADrainingBattery) {
  model_options o;
  o.sos_per_day = 0;
  auto m = make_model(device_type::sos_pendant, 3, k_midnight, 0, o);
  std::vector<model_event> beats;
  while (beats.size() < 300) {
    auto e = next_event(m, o);
    if (e.type == event_type::heartbeat) beats.push_back(e);
  }
  for (std::size_t i = 1; i < beats.size(); ++i) {
    EXPECT_EQ(beats[i].at_ms - beats[i - 1].at_ms, 300'000);
    EXPECT_LE(beats[i].battery, beats[i - 1].battery);
    EXPECT_GE(beats[i].battery, 0);
  }
  // 25 hours of a worn device: about 1 % less.
  EXPECT_LT(beats.back().battery, beats.front().battery + 1);
  EXPECT_LT(battery_at(m, k_midnight + 200 * k_day), 100);
}

TEST(SimModel, BatteryIsReplacedWhenFlat) {
  model_options o;
  o.sos_per_day = 0;
  auto m = make_model(device_type::sos_pendant, 3, k_midnight, 0, o);
  m.next_heartbeat = k_midnight + 400 * k_day;  // far past empty
  m.next_daily = k_never;
  auto e = next_event(m, o);
  EXPECT_EQ(e.type, event_type::heartbeat);
  EXPECT_EQ(e.battery, 100);
}

TEST(SimModel, SosAndFallAtTheirRate) {
  model_options o;
  o.sos_per_day = 4;
  std::map<event_type, int> n;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (auto& e : play(device_type::sos_pendant, seed, k_midnight, k_midnight + 5 * k_day, o)) {
      ++n[e.type];
    }
    for (auto& e : play(device_type::fall_detector, seed, k_midnight, k_midnight + 5 * k_day, o)) {
      ++n[e.type];
    }
  }
  // 20 devices x 5 days x 4/day = 400 each, Poisson.
  EXPECT_GT(n[event_type::sos], 320);
  EXPECT_LT(n[event_type::sos], 480);
  EXPECT_GT(n[event_type::fall], 320);
  EXPECT_LT(n[event_type::fall], 480);
  o.sos_per_day = 0;
  for (auto& e : play(device_type::sos_pendant, 1, k_midnight, k_midnight + 5 * k_day, o)) {
    EXPECT_NE(e.type, event_type::sos);
  }
}

TEST(SimModel, HeartRateEveryTenMinutesInRange) {
  int readings = 0, abnormal = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (auto& e : play(device_type::heart_rate_band, seed, k_midnight, k_midnight + 7 * k_day)) {
      if (e.type != event_type::heart_rate) continue;
      ++readings;
      EXPECT_GE(e.value, 20);
      EXPECT_LE(e.value, 250);
      if (e.value < 45 || e.value > 120) ++abnormal;
    }
  }
  EXPECT_EQ(readings, 20 * (7 * 144 - 1));  // the first comes 10 minutes after the start
  EXPECT_GT(abnormal, 0);                   // episodes happen
  EXPECT_LT(abnormal, readings / 50);       // but rarely
}

TEST(SimModel, WatchReportsLocationByDayOnly) {
  int n = 0;
  for (auto& e : play(device_type::gps_watch, 5, k_midnight, k_midnight + 2 * k_day)) {
    if (e.type != event_type::location) continue;
    ++n;
    int h = local_hour(e.at_ms);
    EXPECT_GE(h, 7);
    EXPECT_LT(h, 20);
    EXPECT_NEAR(e.lat, 40.42, 0.05);
    EXPECT_NEAR(e.lon, 114.09, 0.05);
  }
  EXPECT_GT(n, 2 * 45);
  EXPECT_LT(n, 2 * 56);
}

TEST(SimModel, ActivityCurveFollowsTheDay) {
  EXPECT_GT(activity_per_hour(device_type::motion_sensor, 9 * 60),
            activity_per_hour(device_type::motion_sensor, 2 * 60) * 10);
  EXPECT_GT(activity_per_hour(device_type::door_sensor, 10 * 60),
            activity_per_hour(device_type::door_sensor, 1 * 60) * 10);
  EXPECT_EQ(activity_per_hour(device_type::sos_pendant, 10 * 60), 0);
}

}  // namespace
