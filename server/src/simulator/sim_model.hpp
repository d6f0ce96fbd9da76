// The simulator's day model: what one device of a given type reports over a day in the
// elder's local time (Asia/Shanghai, UTC+8). Pure: a device_model is a small value (no heap)
// and next_event() depends only on it, so the same type, seed and start time always give the
// same events, whatever the wall clock does.
//
// What each type plays (all times local; rates are per hour and follow the hour of day):
//   every type       `heartbeat` every heartbeat_s (the rule engine's default interval for the
//                    type, or the caller's), with the device's `battery`; one `battery` event
//                    a day; batteries drain (worn devices ~1 %/day, fixed sensors ~0.1 %/day)
//                    and are replaced at 3 %.
//   motion_sensor    `motion`: ~10/h in the morning, ~8/h in the afternoon, ~4/h around noon
//                    and early morning, ~0.3/h at night (23:00–05:00).
//   door_sensor      `door_open` ~0.5/h by day, rarer in the evening, ~0.01/h at night, each
//                    followed 30 s–4 min later by `door_close`.
//   bed_sensor       `bed_in` at bedtime (21:00–23:00), `bed_out` at waking (05:30–07:30),
//                    night toilet trips (~0.25/h: `bed_out`, then `bed_in` 3–12 min later).
//   heart_rate_band  `heart_rate` every 10 min: a per-device resting rate, +8 bpm by day,
//                    ±5 noise; rare abnormal episodes (3–6 readings at 130–150 or 38–43 bpm).
//   gps_watch        `location` every 15 min from 07:00 to 20:00 near home; `sos` like a pendant.
//   sos_pendant      `sos` at sos_per_day (a Poisson process).
//   fall_detector    `fall` at sos_per_day.
//   smoke, gas, water_leak   `smoke` / `gas` / `water` at hazard_per_day.
//
// Thread-safety: pure functions; a device_model is used by one thread at a time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "modules/monitoring/monitoring.hpp"

namespace ec::ingest::sim {

// The vocabulary is the monitoring module's (modules/monitoring/types.hpp): the same device
// types and event names the platform ingests.
using device_type = monitoring::device_type;
using event_type = monitoring::event_kind;
// sos, fall, smoke, gas, water: the platform answers "received"; the device repeats them
// until it does.
using monitoring::is_critical;

std::optional<device_type> parse_device_type(std::string_view name);
inline std::string_view to_string(device_type t) {
  return monitoring::format(t);
}
inline std::string_view to_string(event_type e) {
  return monitoring::format(e);
}
// The rule engine's default heartbeat interval for the type (monitoring::defaults_for).
std::uint32_t default_heartbeat_s(device_type t);

struct model_options {
  double sos_per_day = 0.05;      // sos (pendant, watch) or fall (detector) per device per day
  double hazard_per_day = 0.002;  // smoke / gas / water per detector per day
  int utc_offset_min = 480;       // the elders' local time: Asia/Shanghai
};

struct model_event {
  std::int64_t at_ms = 0;  // model time, Unix ms (UTC)
  event_type type = event_type::heartbeat;
  std::int32_t value = 0;  // heart_rate: bpm; battery: percent
  double lat = 0, lon = 0;
  std::int32_t battery = -1;  // the `battery` field (heartbeats); -1 = not sent
};

inline constexpr std::int64_t k_never = std::numeric_limits<std::int64_t>::max();

// One device's position in its day. Plain data; next_event() moves it forward.
struct device_model {
  device_type type = device_type::sos_pendant;
  std::uint64_t rng = 0;
  std::uint32_t heartbeat_s = 300;
  std::int64_t start_ms = 0;
  std::int64_t next_heartbeat = k_never;
  std::int64_t next_activity = k_never;  // the type's own stream (motion, door, bed, …)
  std::int64_t next_follow = k_never;    // door_close / bed_in after a trip
  std::int64_t next_alarm = k_never;     // sos / fall / smoke / gas / water
  std::int64_t next_daily = k_never;     // the daily battery report
  event_type follow = event_type::door_close;
  bool in_bed = false;
  std::uint8_t abnormal_left = 0;  // heart readings left in an abnormal episode
  bool abnormal_high = false;
  std::int16_t hr_rest = 70;
  double battery_start = 100;      // percent at start_ms (or at the last replacement)
  std::int64_t battery_since = 0;  // when battery_start held
  double drain_per_day = 0.1;      // percent
  double home_lat = 0, home_lon = 0;
};

// Minutes since local midnight (0..1439) of a UTC instant.
int local_minute(std::int64_t utc_ms, int utc_offset_min);
// Expected events per hour of the type's activity stream at a local minute of the day
// (motion, door openings, toilet trips while in bed); 0 for types without one.
double activity_per_hour(device_type t, int minute_of_day);

// A device's model from its type, a per-device seed and the model time it starts at.
device_model make_model(device_type t, std::uint64_t seed, std::int64_t start_ms,
                        std::uint32_t heartbeat_s, const model_options& o);
// The device's next event (model time never goes backwards); advances the model.
model_event next_event(device_model& m, const model_options& o);
// When next_event() would happen, without advancing.
std::int64_t next_time(const device_model& m);
// Battery percent at `at_ms` (0..100, whole percent).
int battery_at(const device_model& m, std::int64_t at_ms);

// A seed for one device from the run's seed and its serial (FNV-1a mixed with splitmix64).
std::uint64_t device_seed(std::uint64_t run_seed, std::string_view serial);

}  // namespace ec::ingest::sim
