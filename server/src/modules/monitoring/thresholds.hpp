// Rule thresholds: defaults by device type, per-elder overrides merged over them, validation,
// and the local-time window arithmetic the rules use.
//
// Time of day is always the elder's local time, given as a UTC offset in minutes in the
// thresholds (default +480, Asia/Shanghai, which has no DST); nothing here reads the process's
// time zone. A clock_window is [start, end) in minutes after local midnight; end < start means
// it crosses midnight (20:00-05:00), start == end is empty (the rule is off), 00:00-24:00 is the
// whole day.
//
// Failure: validate()/resolve() return kind `invalid` via error::fields with one field error per
// bad field (code "monitoring.threshold_invalid"); parse_clock returns "monitoring.clock_invalid".
// Thread-safety: pure functions; thresholds are plain values, share them read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

struct clock_window {
  std::uint16_t start_min = 0;  // 0..1439
  std::uint16_t end_min = 0;    // 0..1440
  bool operator==(const clock_window&) const = default;
};

// "HH:MM" (00:00..24:00) <-> minutes after local midnight.
ec::result<std::uint16_t> parse_clock(std::string_view hh_mm, std::string_view field);
std::string format_clock(std::uint16_t minutes);

// Minutes after local midnight (0..1439) of an instant; any int64 input is safe.
int local_minute_of_day(std::int64_t unix_ms, int utc_offset_min);
bool in_window(const clock_window& w, int minute_of_day);
int window_minutes(const clock_window& w);  // its length: 0 (empty) .. 1440
bool in_window(const clock_window& w, std::int64_t unix_ms, int utc_offset_min);
// Start (Unix seconds) of the occurrence of `w` that contains the instant; only meaningful when
// in_window(w, unix_s * 1000, offset) holds.
std::int64_t window_start_s(const clock_window& w, std::int64_t unix_s, int utc_offset_min);

struct thresholds {
  int utc_offset_min = 480;  // the elder's zone; Asia/Shanghai by default

  // Liveness: offline after heartbeat_interval_s * offline_multiple without any event.
  std::uint32_t heartbeat_interval_s = 300;
  double offline_multiple = 3.0;  // >= 1.5: MQTT brokers themselves wait 1.5 x keep-alive

  // Battery: low at or below low_battery_percent, cleared at or above it + battery_clear_margin
  // (hysteresis, so a reading wobbling around the line does not flap).
  std::uint8_t low_battery_percent = 20;
  std::uint8_t battery_clear_margin = 5;

  // No motion for no_motion_hours counted inside the daytime window; 0 turns the rule off.
  std::uint8_t no_motion_hours = 0;
  clock_window daytime{7 * 60, 21 * 60};

  // A door opened inside the night window (crossing midnight) is a warning; empty = off.
  clock_window night{20 * 60, 5 * 60};

  // Heart rate outside [hr_min, hr_max] for hr_run readings in a row is a warning.
  std::int32_t hr_min = 45;
  std::int32_t hr_max = 120;
  std::uint8_t hr_run = 3;

  // Damping: once a warning/technical kind has re-fired after a clear damping_refires times
  // within damping_window_s, its next clear is held (the alert stays open, re-fires count as
  // repeats) until the condition has stayed clear for a whole damping_window_s.
  std::uint8_t damping_refires = 2;
  std::uint32_t damping_window_s = 3600;

  bool operator==(const thresholds&) const = default;
};

// Absent fields keep the device type's default.
struct threshold_overrides {
  std::optional<int> utc_offset_min;
  std::optional<std::uint32_t> heartbeat_interval_s;
  std::optional<double> offline_multiple;
  std::optional<std::uint8_t> low_battery_percent, battery_clear_margin;
  std::optional<std::uint8_t> no_motion_hours;
  std::optional<clock_window> daytime, night;
  std::optional<std::int32_t> hr_min, hr_max;
  std::optional<std::uint8_t> hr_run;
  std::optional<std::uint8_t> damping_refires;
  std::optional<std::uint32_t> damping_window_s;
};

// The platform defaults for a device type (README.md lists them with their sources).
thresholds defaults_for(device_type t);
thresholds merge(const thresholds& base, const threshold_overrides& o);
// Every bad field at once; field names are the member names ("night.start_min", ...).
ec::status validate(const thresholds& t);
// defaults_for(t) merged with o, validated: what the ingest layer hands to evaluate()/tick().
ec::result<thresholds> resolve(device_type t, const threshold_overrides& o);

}  // namespace ec::monitoring
