#include "modules/monitoring/rules.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <random>
#include <unordered_map>
#include <vector>

#include "modules/monitoring/test_support.hpp"

namespace {

using namespace ec::monitoring;
using ec::monitoring::testing::sh;
using ec::monitoring::testing::wall_ms;

event ev(event_kind k, std::int64_t t, std::optional<std::int32_t> value = std::nullopt) {
  event e;
  e.device_id = 42;
  e.kind = k;
  e.time_ms = t;
  e.value = value;
  return e;
}

std::vector<decision> v(const decisions& d) {
  return {d.begin(), d.end()};
}

std::vector<action> acts(const std::vector<decision>& d) {
  std::vector<action> out;
  for (const auto& x : d) out.push_back(x.act);
  return out;
}

decision D(alert_kind k, action a, std::int64_t at) {
  return {k, severity_of(k), a, at / 1000 * 1000};
}

// --- critical kinds ---

TEST(RuleEngine, SosRaisesAtOnceThenRepeatsWhileOpen) {
  const auto th = defaults_for(device_type::sos_pendant);
  auto s = new_device_state(sh(8, 0));
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(9, 0)), th)),
            (std::vector{D(alert_kind::sos, action::raise, sh(9, 0))}));
  EXPECT_TRUE(is_open(s, alert_kind::sos));
  // The pendant repeats the press until told "received": one alert, counted.
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(9, 0, 5)), th)),
            (std::vector{D(alert_kind::sos, action::repeat, sh(9, 0, 5))}));
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(9, 0, 10)), th)),
            (std::vector{D(alert_kind::sos, action::repeat, sh(9, 0, 10))}));
}

TEST(RuleEngine, DuplicateAndReorderedSosNeverRaiseTwice) {
  const auto th = defaults_for(device_type::sos_pendant);
  auto s = new_device_state(sh(8, 0));
  ASSERT_EQ(evaluate(s, ev(event_kind::sos, sh(9, 0)), th).size(), 1u);
  // Same second (also with other milliseconds): a duplicate, nothing.
  EXPECT_TRUE(evaluate(s, ev(event_kind::sos, sh(9, 0)), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::sos, sh(9, 0) + 999), th).empty());
  // An earlier press delivered late while open: a repeat, never a raise.
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(8, 59, 50)), th)),
            (std::vector{D(alert_kind::sos, action::repeat, sh(8, 59, 50))}));
  on_resolved(s, alert_kind::sos, sh(9, 10));
  EXPECT_FALSE(is_open(s, alert_kind::sos));
  // After resolution the old press arrives again (a retransmission): nothing.
  EXPECT_TRUE(evaluate(s, ev(event_kind::sos, sh(9, 0)), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::sos, sh(8, 59, 59)), th).empty());
  // A new press after the resolution is a new alert: repeats are not swallowed after a clear.
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(9, 20)), th)),
            (std::vector{D(alert_kind::sos, action::raise, sh(9, 20))}));
}

TEST(RuleEngine, FallSmokeGasWaterAreCriticalAndIndependent) {
  const auto th = defaults_for(device_type::gps_watch);
  auto s = new_device_state(sh(8, 0));
  const std::pair<event_kind, alert_kind> kinds[] = {{event_kind::fall, alert_kind::fall},
                                                     {event_kind::smoke, alert_kind::smoke},
                                                     {event_kind::gas, alert_kind::gas},
                                                     {event_kind::water, alert_kind::water},
                                                     {event_kind::sos, alert_kind::sos}};
  for (const auto& [ek, ak] : kinds) {
    const auto d = v(evaluate(s, ev(ek, sh(10, 0)), th));  // the same second for every kind
    ASSERT_EQ(d.size(), 1u) << format(ek);
    EXPECT_EQ(d[0], D(ak, action::raise, sh(10, 0)));
    EXPECT_EQ(d[0].level, severity::critical);
  }
  EXPECT_EQ(s.open, 0b11111);
  // Resolving one leaves the others open.
  on_resolved(s, alert_kind::gas, sh(10, 5));
  EXPECT_EQ(s.open, 0b10111);  // gas is bit 3
  EXPECT_EQ(v(evaluate(s, ev(event_kind::smoke, sh(10, 6)), th)),
            (std::vector{D(alert_kind::smoke, action::repeat, sh(10, 6))}));
}

TEST(RuleEngine, RestoredOpenAlertMakesRepeatsAfterARestart) {
  const auto th = defaults_for(device_type::sos_pendant);
  auto s = new_device_state(sh(9, 0));
  restore_open(s, alert_kind::sos, sh(8, 58));
  EXPECT_TRUE(evaluate(s, ev(event_kind::sos, sh(8, 58)), th).empty());  // the original again
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(9, 1)), th)),
            (std::vector{D(alert_kind::sos, action::repeat, sh(9, 1))}));
  restore_open(s, alert_kind::offline, sh(8, 0));
  EXPECT_EQ(v(evaluate(s, ev(event_kind::heartbeat, sh(9, 2)), th)),
            (std::vector{D(alert_kind::offline, action::clear, sh(9, 2))}));
}

// --- door at night ---

TEST(RuleEngine, DoorOpenedInTheNightWindowAcrossMidnight) {
  const auto th = defaults_for(device_type::door_sensor);  // 20:00-05:00, UTC+8
  auto s = new_device_state(sh(12, 0));
  EXPECT_TRUE(evaluate(s, ev(event_kind::door_open, sh(19, 59, 59)), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::door_close, sh(20, 0, 30)), th).empty());
  EXPECT_EQ(v(evaluate(s, ev(event_kind::door_open, sh(23, 59)), th)),
            (std::vector{D(alert_kind::door_night, action::raise, sh(23, 59))}));
  EXPECT_EQ(v(evaluate(s, ev(event_kind::door_open, sh(0, 0, 0, 1)), th)),
            (std::vector{D(alert_kind::door_night, action::repeat, sh(0, 0, 0, 1))}));
  EXPECT_TRUE(evaluate(s, ev(event_kind::door_open, sh(0, 0, 0, 1)), th).empty());  // dup
  EXPECT_EQ(v(evaluate(s, ev(event_kind::door_open, sh(4, 59, 59, 1)), th)),
            (std::vector{D(alert_kind::door_night, action::repeat, sh(4, 59, 59, 1))}));
  // Still night at 04:59: nothing to clear; at 05:00 the night, and its alert, end.
  EXPECT_TRUE(tick(s, sh(4, 59, 59, 1), th).empty());
  EXPECT_EQ(v(tick(s, sh(5, 0, 0, 1), th)),
            (std::vector{D(alert_kind::door_night, action::clear, sh(5, 0, 0, 1))}));
  EXPECT_TRUE(evaluate(s, ev(event_kind::door_open, sh(5, 0, 0, 1)), th).empty());
  // The next night raises again.
  EXPECT_EQ(v(evaluate(s, ev(event_kind::door_open, sh(20, 0, 0, 1)), th)),
            (std::vector{D(alert_kind::door_night, action::raise, sh(20, 0, 0, 1))}));
}

TEST(RuleEngine, DoorNightUsesTheEldersOffset) {
  auto th = defaults_for(device_type::door_sensor);
  // 21:00 UTC: 05:00 in Shanghai (day), 21:00 in London (night).
  const std::int64_t t = wall_ms(2026, 11, 29, 21, 0, 0, 0);
  auto s1 = new_device_state(t - 1000);
  EXPECT_TRUE(evaluate(s1, ev(event_kind::door_open, t), th).empty());
  th.utc_offset_min = 0;
  auto s2 = new_device_state(t - 1000);
  EXPECT_EQ(evaluate(s2, ev(event_kind::door_open, t), th).size(), 1u);
}

// --- no motion ---

// A motion sensor whose heartbeats are rare enough not to go offline in these tests.
thresholds quiet_motion_sensor() {
  auto th = defaults_for(device_type::motion_sensor);  // 4 h, 07:00-21:00
  th.heartbeat_interval_s = 86400;
  return th;
}

TEST(RuleEngine, NoMotionCountsOnlyInsideTheDaytimeWindow) {
  const auto th = quiet_motion_sensor();
  auto s = new_device_state(sh(12, 0, 0, -1));
  ASSERT_TRUE(evaluate(s, ev(event_kind::motion, sh(22, 0, 0, -1)), th).empty());
  // Heartbeats keep it online; the night does not count towards inactivity.
  for (int h = 23; h < 24 + 11; ++h) {
    const int day = h >= 24 ? 0 : -1;
    ASSERT_TRUE(evaluate(s, ev(event_kind::heartbeat, sh(h % 24, 1, 0, day)), th).empty());
    ASSERT_TRUE(tick(s, sh(h % 24, 2, 0, day), th).empty()) << h;
  }
  EXPECT_TRUE(tick(s, sh(10, 59, 59), th).empty());
  EXPECT_EQ(v(tick(s, sh(11, 0), th)),
            (std::vector{D(alert_kind::no_motion, action::raise, sh(11, 0))}));
  EXPECT_TRUE(tick(s, sh(11, 1), th).empty());  // still true: no repeat per tick
  EXPECT_EQ(v(evaluate(s, ev(event_kind::motion, sh(11, 30)), th)),
            (std::vector{D(alert_kind::no_motion, action::clear, sh(11, 30))}));
  // Activity within the window restarts the clock: 4 h from 11:30.
  EXPECT_TRUE(tick(s, sh(15, 29), th).empty());
  EXPECT_EQ(v(tick(s, sh(15, 30), th)),
            (std::vector{D(alert_kind::no_motion, action::raise, sh(15, 30))}));
}

TEST(RuleEngine, NoMotionAfterResolveNeedsAnotherFullSpan) {
  const auto th = quiet_motion_sensor();
  auto s = new_device_state(sh(7, 0));
  ASSERT_EQ(tick(s, sh(11, 0), th).size(), 1u);
  on_resolved(s, alert_kind::no_motion, sh(11, 20));  // "safe on visit"
  EXPECT_TRUE(tick(s, sh(11, 21), th).empty());
  EXPECT_TRUE(tick(s, sh(15, 19), th).empty());
  EXPECT_EQ(v(tick(s, sh(15, 20), th)),
            (std::vector{D(alert_kind::no_motion, action::raise, sh(15, 20))}));
}

TEST(RuleEngine, AnOfflineSensorIsReportedOfflineNotMotionless) {
  const auto th = defaults_for(device_type::motion_sensor);  // offline after 1800 s
  auto s = new_device_state(sh(7, 0));
  EXPECT_EQ(v(tick(s, sh(11, 0), th)),
            (std::vector{D(alert_kind::offline, action::raise, sh(11, 0))}));
  EXPECT_FALSE(is_open(s, alert_kind::no_motion));
}

// --- heart rate ---

TEST(RuleEngine, HeartRateOutsideRangeForMReadingsInARow) {
  const auto th = defaults_for(device_type::heart_rate_band);  // 45..120, 3 in a row
  auto s = new_device_state(sh(8, 0));
  int minute = 0;
  auto hr = [&](int bpm) {
    return v(evaluate(s, ev(event_kind::heart_rate, sh(9, ++minute), bpm), th));
  };
  EXPECT_TRUE(hr(130).empty());
  EXPECT_TRUE(hr(121).empty());
  EXPECT_TRUE(hr(120).empty());  // bounds are inclusive: normal, the run resets
  EXPECT_TRUE(hr(44).empty());
  EXPECT_TRUE(hr(150).empty());  // low and high both count
  EXPECT_EQ(hr(40), (std::vector{D(alert_kind::heart_rate, action::raise, sh(9, 6))}));
  EXPECT_EQ(hr(38), (std::vector{D(alert_kind::heart_rate, action::repeat, sh(9, 7))}));
  EXPECT_EQ(hr(70), (std::vector{D(alert_kind::heart_rate, action::clear, sh(9, 8))}));
  EXPECT_TRUE(hr(130).empty());
  EXPECT_TRUE(hr(130).empty());
  EXPECT_EQ(hr(130), (std::vector{D(alert_kind::heart_rate, action::raise, sh(9, 11))}));
}

TEST(RuleEngine, HeartRateDuplicatesAndStaleReadingsDoNotExtendTheRun) {
  const auto th = defaults_for(device_type::heart_rate_band);
  auto s = new_device_state(sh(8, 0));
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 1), 130), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 1), 130), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 0), 130), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 2)), th).empty());  // no value
  EXPECT_EQ(s.hr_run, 1);
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 3), 130), th).empty());
  EXPECT_EQ(evaluate(s, ev(event_kind::heart_rate, sh(9, 4), 130), th).size(), 1u);
  // Resolved by a person: it takes another full run to raise again.
  on_resolved(s, alert_kind::heart_rate, sh(9, 5));
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 6), 130), th).empty());
  EXPECT_TRUE(evaluate(s, ev(event_kind::heart_rate, sh(9, 7), 130), th).empty());
  EXPECT_EQ(v(evaluate(s, ev(event_kind::heart_rate, sh(9, 8), 130), th)),
            (std::vector{D(alert_kind::heart_rate, action::raise, sh(9, 8))}));
}

// --- offline ---

TEST(RuleEngine, OfflineAfterKMissedHeartbeatsAndBackOnTheNext) {
  const auto th = defaults_for(device_type::sos_pendant);  // 300 s x 3
  auto s = new_device_state(sh(8, 0));
  ASSERT_TRUE(evaluate(s, ev(event_kind::heartbeat, sh(9, 0)), th).empty());
  EXPECT_TRUE(tick(s, sh(9, 14, 59), th).empty());
  EXPECT_EQ(v(tick(s, sh(9, 15), th)),
            (std::vector{D(alert_kind::offline, action::raise, sh(9, 15))}));
  EXPECT_EQ(v(tick(s, sh(9, 15), th)), std::vector<decision>{});
  EXPECT_TRUE(tick(s, sh(10, 0), th).empty());  // raised once, not per tick
  // A late event older than the newest proves nothing about now.
  EXPECT_TRUE(evaluate(s, ev(event_kind::heartbeat, sh(8, 59)), th).empty());
  EXPECT_EQ(v(evaluate(s, ev(event_kind::heartbeat, sh(10, 1)), th)),
            (std::vector{D(alert_kind::offline, action::clear, sh(10, 1))}));
  // Any event counts as a sign of life, and offline can fire again.
  EXPECT_EQ(v(tick(s, sh(10, 16), th)),
            (std::vector{D(alert_kind::offline, action::raise, sh(10, 16))}));
  const auto d = v(evaluate(s, ev(event_kind::sos, sh(10, 17)), th));
  EXPECT_EQ(d, (std::vector{D(alert_kind::sos, action::raise, sh(10, 17)),
                            D(alert_kind::offline, action::clear, sh(10, 17))}));
}

TEST(RuleEngine, NeverHeardFromGoesOfflineFromRegistration) {
  auto th = defaults_for(device_type::smoke);  // 3600 s x 3
  th.offline_multiple = 1.5;
  auto s = new_device_state(sh(8, 0));
  EXPECT_TRUE(tick(s, sh(9, 29, 59), th).empty());
  EXPECT_EQ(tick(s, sh(9, 30), th).size(), 1u);
}

TEST(RuleEngine, OfflineResolvedByAPersonWaitsForRecovery) {
  const auto th = defaults_for(device_type::sos_pendant);
  auto s = new_device_state(sh(8, 0));
  ASSERT_EQ(tick(s, sh(8, 15), th).size(), 1u);
  on_resolved(s, alert_kind::offline, sh(8, 30));  // "device at the repair shop"
  EXPECT_TRUE(tick(s, sh(12, 0), th).empty());     // no nagging about a known fault
  EXPECT_TRUE(evaluate(s, ev(event_kind::heartbeat, sh(12, 1)), th).empty());
  EXPECT_EQ(v(tick(s, sh(12, 16), th)),
            (std::vector{D(alert_kind::offline, action::raise, sh(12, 16))}));
}

// --- battery ---

TEST(RuleEngine, LowBatteryWithHysteresis) {
  const auto th = defaults_for(device_type::gps_watch);  // low <= 20, clear >= 25
  auto s = new_device_state(sh(8, 0));
  auto bat = [&](int m, int pct) {
    return v(evaluate(s, ev(event_kind::battery, sh(9, m), pct), th));
  };
  EXPECT_TRUE(bat(1, 21).empty());
  EXPECT_EQ(bat(2, 20), (std::vector{D(alert_kind::low_battery, action::raise, sh(9, 2))}));
  EXPECT_TRUE(bat(3, 19).empty());  // no repeat per reading
  EXPECT_TRUE(bat(4, 24).empty());  // wobbling above the line is not a recovery
  EXPECT_TRUE(bat(5, 20).empty());
  EXPECT_EQ(bat(6, 25), (std::vector{D(alert_kind::low_battery, action::clear, sh(9, 6))}));
  // Battery piggy-backed on another event; a stale reading is ignored.
  event e = ev(event_kind::heartbeat, sh(9, 7));
  e.battery = 10;
  EXPECT_EQ(v(evaluate(s, e, th)),
            (std::vector{D(alert_kind::low_battery, action::raise, sh(9, 7))}));
  e.time_ms = sh(9, 6, 30);
  e.battery = 90;
  EXPECT_TRUE(evaluate(s, e, th).empty());
  EXPECT_TRUE(is_open(s, alert_kind::low_battery));
  // Resolved while still low: no new alert until it has recovered and fallen again.
  on_resolved(s, alert_kind::low_battery, sh(9, 8));
  EXPECT_TRUE(bat(9, 10).empty());
  EXPECT_TRUE(bat(10, 60).empty());
  EXPECT_EQ(bat(11, 5), (std::vector{D(alert_kind::low_battery, action::raise, sh(9, 11))}));
}

// --- damping ---

TEST(RuleEngine, FlappingHeartRateIsDampedIntoTheOpenAlert) {
  auto th = defaults_for(device_type::heart_rate_band);
  th.hr_run = 1;  // every abnormal reading fires: the noisiest band
  th.heartbeat_interval_s = 86400;
  auto s = new_device_state(sh(8, 0));
  int minute = 0;
  auto hr = [&](int bpm) {
    return v(evaluate(s, ev(event_kind::heart_rate, sh(9, ++minute), bpm), th));
  };
  using A = action;
  EXPECT_EQ(acts(hr(130)), std::vector{A::raise});
  EXPECT_EQ(acts(hr(70)), std::vector{A::clear});
  EXPECT_EQ(acts(hr(130)), std::vector{A::raise});  // re-fire 1
  EXPECT_EQ(acts(hr(70)), std::vector{A::clear});
  EXPECT_EQ(acts(hr(130)), std::vector{A::raise});  // re-fire 2 = damping_refires: now flapping
  EXPECT_TRUE(hr(70).empty());                      // the clear is held; the alert stays open
  EXPECT_TRUE(is_open(s, alert_kind::heart_rate));
  EXPECT_EQ(hr(130), (std::vector{D(alert_kind::heart_rate, A::repeat, sh(9, 7))}));
  EXPECT_TRUE(hr(70).empty());  // minute 8: quiet from here
  EXPECT_TRUE(tick(s, sh(9, 8) + 3'599'000, th).empty());
  EXPECT_EQ(v(tick(s, sh(10, 8), th)),
            (std::vector{D(alert_kind::heart_rate, A::clear, sh(10, 8))}));
  EXPECT_FALSE(is_open(s, alert_kind::heart_rate));
  // After the quiet hour the count starts afresh: two more clears go through.
  minute = 70;
  EXPECT_EQ(acts(hr(130)), std::vector{A::raise});
  EXPECT_EQ(acts(hr(70)), std::vector{A::clear});
}

TEST(RuleEngine, RefiresSpreadBeyondTheWindowAreNotDamped) {
  auto th = defaults_for(device_type::heart_rate_band);
  th.hr_run = 1;
  auto s = new_device_state(sh(0, 0));
  for (int i = 0; i < 10; ++i) {
    const std::int64_t t = sh(1, 0) + std::int64_t{i} * 3'600'000;  // once an hour
    ASSERT_EQ(acts(v(evaluate(s, ev(event_kind::heart_rate, t, 130), th))),
              std::vector{action::raise});
    ASSERT_EQ(acts(v(evaluate(s, ev(event_kind::heart_rate, t + 60'000, 70), th))),
              std::vector{action::clear})
        << i;
  }
}

TEST(RuleEngine, FlappingConnectionIsDampedAndReleasedAfterAQuietWindow) {
  const auto th = defaults_for(device_type::sos_pendant);  // offline after 900 s
  auto s = new_device_state(sh(8, 0));
  std::vector<action> acts;
  std::int64_t t = sh(8, 0);
  for (int i = 0; i < 4; ++i) {
    t += 900'000;
    for (const auto& d : tick(s, t, th)) acts.push_back(d.act);
    t += 1000;
    for (const auto& d : evaluate(s, ev(event_kind::heartbeat, t), th)) acts.push_back(d.act);
  }
  EXPECT_EQ(acts, (std::vector{action::raise, action::clear, action::raise, action::clear,
                               action::raise, action::repeat}));
  EXPECT_TRUE(is_open(s, alert_kind::offline));
  // Heartbeats keep coming; an hour after the last recovery the held alert clears.
  const std::int64_t recovered = t;
  for (std::int64_t h = recovered + 300'000; h < recovered + 3'600'000; h += 300'000) {
    ASSERT_TRUE(evaluate(s, ev(event_kind::heartbeat, h), th).empty());
    ASSERT_TRUE(tick(s, h + 1000, th).empty());
  }
  EXPECT_EQ(v(tick(s, recovered + 3'600'000, th)),
            (std::vector{D(alert_kind::offline, action::clear, recovered + 3'600'000)}));
}

// --- when to tick ---

TEST(RuleEngine, NextTickIsExact) {
  auto th = defaults_for(device_type::motion_sensor);  // 4 h in 07:00-21:00, offline 1800 s
  auto s = new_device_state(sh(6, 0));
  // Offline at 06:30 comes first; it would also block no-motion, so the next is 06:30.
  EXPECT_EQ(next_tick_ms(s, th, sh(6, 0) + 1), sh(6, 30));
  th.heartbeat_interval_s = 86400;
  // Inactivity counts from 07:00: due 11:00.
  EXPECT_EQ(next_tick_ms(s, th, sh(6, 0)), sh(11, 0));
  EXPECT_TRUE(tick(s, sh(11, 0) - 1, th).empty());
  EXPECT_EQ(tick(s, sh(11, 0), th).size(), 1u);
  // Activity at 18:00 leaves 3 h of the window: the next chance is 11:00 tomorrow.
  ASSERT_EQ(evaluate(s, ev(event_kind::motion, sh(18, 0)), th).size(), 1u);
  EXPECT_EQ(next_tick_ms(s, th, sh(18, 0)), sh(11, 0, 0, 1));
  // Already overdue: now.
  EXPECT_EQ(next_tick_ms(s, th, sh(12, 0, 0, 1) + 5), sh(12, 0, 0, 1) + 5);

  auto door = defaults_for(device_type::door_sensor);
  door.heartbeat_interval_s = 86400;
  auto d = new_device_state(sh(12, 0));
  ASSERT_EQ(evaluate(d, ev(event_kind::door_open, sh(23, 0)), door).size(), 1u);
  EXPECT_EQ(next_tick_ms(d, door, sh(23, 0)), sh(5, 0, 0, 1));  // the night's end

  auto hr = defaults_for(device_type::heart_rate_band);
  hr.hr_run = 1;
  hr.heartbeat_interval_s = 86400;
  auto h = new_device_state(sh(9, 0));
  for (int m = 1; m <= 6; ++m) {
    (void)evaluate(h, ev(event_kind::heart_rate, sh(9, m), m % 2 ? 130 : 70), hr);
  }
  ASSERT_TRUE(is_open(h, alert_kind::heart_rate));  // held since 09:06
  EXPECT_EQ(next_tick_ms(h, hr, sh(9, 6)), sh(10, 6));
  EXPECT_TRUE(tick(h, sh(10, 6) - 1, hr).empty());
  EXPECT_EQ(tick(h, sh(10, 6), hr).size(), 1u);
  EXPECT_EQ(next_tick_ms(h, hr, sh(10, 6)), sh(9, 6, 0, 3));  // only offline: 3 x 1 day
}

// --- hostile input ---

TEST(RuleEngine, ExtremeTimesDoNotMisbehave) {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(compact_time(lo), 1u);
  EXPECT_EQ(compact_time(0), 1u);
  EXPECT_EQ(compact_time(hi), std::numeric_limits<std::uint32_t>::max());
  EXPECT_EQ(compact_time(k_compact_epoch_unix_s * 1000 + 1500), 1u);
  EXPECT_EQ(compact_time(sh(9, 0) + 999), compact_time(sh(9, 0)));
  EXPECT_EQ(compact_to_unix_ms(compact_time(sh(9, 0) + 999)), sh(9, 0));

  for (const auto& th :
       {defaults_for(device_type::motion_sensor), defaults_for(device_type::door_sensor)}) {
    auto s = new_device_state(sh(8, 0));
    // A far-future SOS raises (a critical is never dropped here) ...
    ASSERT_EQ(evaluate(s, ev(event_kind::sos, hi), th).size(), 1u);
    // ... and a normal one later is a repeat of it while it is open, not lost.
    EXPECT_EQ(acts(v(evaluate(s, ev(event_kind::sos, sh(9, 0)), th))), std::vector{action::repeat});
    for (std::int64_t t : {lo, hi, std::int64_t{0}, std::int64_t{-1}}) {
      for (int k = 0; k < k_event_kind_count; ++k) {
        event e = ev(static_cast<event_kind>(k), t, std::numeric_limits<std::int32_t>::min());
        e.battery = std::numeric_limits<std::int32_t>::max();
        (void)evaluate(s, e, th);
      }
      (void)tick(s, t, th);
    }
    SUCCEED();
  }
}

TEST(RuleEngine, ABogusFutureDateDoesNotMuteTheDevice) {
  const auto th = defaults_for(device_type::sos_pendant);  // offline after 900 s
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  auto s = new_device_state(sh(8, 0));
  // One SOS dated in 2156 raises (never drop a critical) and is resolved by a person at 09:10.
  ASSERT_EQ(acts(v(evaluate(s, ev(event_kind::sos, hi), th))), std::vector{action::raise});
  on_resolved(s, alert_kind::sos, sh(9, 10));
  // The next real press is a new alert, not "older than the newest" and ignored.
  EXPECT_EQ(v(evaluate(s, ev(event_kind::sos, sh(9, 20)), th)),
            (std::vector{D(alert_kind::sos, action::raise, sh(9, 20))}));
  // A heartbeat dated far ahead: the next tick takes it as now, so silence is still noticed
  // and later real events count again.
  ASSERT_TRUE(evaluate(s, ev(event_kind::heartbeat, sh(9, 0, 0, 400)), th).empty());
  EXPECT_EQ(next_tick_ms(s, th, sh(9, 30)), sh(9, 30));  // a timer wheel must not wait for 2027
  EXPECT_TRUE(tick(s, sh(9, 30), th).empty());
  EXPECT_TRUE(tick(s, sh(9, 44, 59), th).empty());
  EXPECT_EQ(v(tick(s, sh(9, 45), th)),
            (std::vector{D(alert_kind::offline, action::raise, sh(9, 45))}));
  EXPECT_EQ(v(evaluate(s, ev(event_kind::heartbeat, sh(9, 50)), th)),
            (std::vector{D(alert_kind::offline, action::clear, sh(9, 50))}));
  // A clock a few minutes ahead is within tolerance and kept as it is.
  ASSERT_TRUE(evaluate(s, ev(event_kind::heartbeat, sh(9, 59)), th).empty());
  EXPECT_TRUE(tick(s, sh(9, 51), th).empty());
  EXPECT_EQ(s.last_seen_s, compact_time(sh(9, 59)));
  EXPECT_EQ(tick(s, hi, th).size(), 1u);  // and our own clock at the end of time: no wrap
}

// --- memory ---

// Counts the bytes a container asks for.
struct alloc_stats {
  static inline std::size_t bytes = 0;
  static inline std::size_t blocks = 0;
};
template <class T>
struct counting_alloc : alloc_stats {
  using value_type = T;
  counting_alloc() = default;
  template <class U>
  counting_alloc(const counting_alloc<U>&) {}  // NOLINT
  T* allocate(std::size_t n) {
    bytes += n * sizeof(T);  // NOLINT(bugprone-sizeof-expression): T is a bucket pointer too
    ++blocks;
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) {
    bytes -= n * sizeof(T);  // NOLINT(bugprone-sizeof-expression)
    --blocks;
    std::allocator<T>{}.deallocate(p, n);
  }
  template <class U>
  bool operator==(const counting_alloc<U>&) const {
    return true;
  }
};

TEST(RuleMemory, BytesPerDeviceWithAMillionDevices) {
  EXPECT_EQ(sizeof(device_state), 92u);
  EXPECT_EQ(alignof(device_state), 4u);

  // The natural container for the ingest layer: device id -> state.
  using alloc = counting_alloc<std::pair<const std::int64_t, device_state>>;
  constexpr std::size_t n = 1'000'000;
  std::size_t total = 0, blocks = 0;
  {
    std::unordered_map<std::int64_t, device_state, std::hash<std::int64_t>,
                       std::equal_to<std::int64_t>, alloc>
        m;
    m.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      m.emplace(static_cast<std::int64_t>(i * 7 + 1), new_device_state(sh(8, 0)));
    }
    total = alloc_stats::bytes;
    blocks = alloc_stats::blocks;
  }
  // malloc adds about 16 bytes per block (glibc's chunk header and rounding to 16).
  const double per_device = static_cast<double>(total + blocks * 16) / n;
  std::printf("device_state %zu bytes; unordered_map with %zu devices: %.1f bytes/device\n",
              sizeof(device_state), n, per_device);
  RecordProperty("bytes_per_device", static_cast<int>(per_device));
  EXPECT_LT(per_device, 256.0);
  EXPECT_EQ(alloc_stats::bytes, 0u);
}

TEST(RuleMemory, EvaluateAndTickCostPerCall) {
  // A million devices' states in a flat array and a stream of mixed events: no allocation,
  // a few dozen nanoseconds per call. The bound only catches a pathological regression.
  constexpr std::size_t n = 1'000'000;
  std::vector<device_state> states(n, new_device_state(sh(8, 0)));
  const auto th = defaults_for(device_type::gps_watch);
  std::mt19937_64 rng(7);
  constexpr event_kind kinds[] = {event_kind::heartbeat,  event_kind::motion,
                                  event_kind::heart_rate, event_kind::door_open,
                                  event_kind::battery,    event_kind::sos};
  std::vector<event> events(2'000'000);
  std::int64_t t = sh(9, 0);
  for (auto& e : events) {
    t += static_cast<std::int64_t>(rng() % 3);
    e = ev(kinds[rng() % 6], t, static_cast<std::int32_t>(30 + rng() % 150));
    e.device_id = static_cast<std::int64_t>(rng() % n);
  }
  std::size_t decided = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& e : events) {
    decided += evaluate(states[static_cast<std::size_t>(e.device_id)], e, th).size();
  }
  const auto t1 = std::chrono::steady_clock::now();
  for (auto& s : states) decided += tick(s, t + 3'600'000, th).size();
  const auto t2 = std::chrono::steady_clock::now();
  const double ns_event = std::chrono::duration<double, std::nano>(t1 - t0).count() /
                          static_cast<double>(events.size());
  const double ns_tick =
      std::chrono::duration<double, std::nano>(t2 - t1).count() / static_cast<double>(n);
  std::printf("evaluate %.0f ns/event, tick %.0f ns/device (%zu decisions)\n", ns_event, ns_tick,
              decided);
  EXPECT_GT(decided, 0u);
  EXPECT_LT(ns_event, 5000.0);
  EXPECT_LT(ns_tick, 5000.0);
}

}  // namespace
