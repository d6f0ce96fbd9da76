#include "simulator/sim_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace ec::ingest::sim {

namespace {

constexpr std::int64_t k_minute = 60'000;
constexpr std::int64_t k_hour = 60 * k_minute;
constexpr std::int64_t k_day = 24 * k_hour;

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Uniform in [0, 1).
double uniform(std::uint64_t& s) {
  return static_cast<double>(splitmix(s) >> 11) * 0x1.0p-53;
}
double uniform(std::uint64_t& s, double lo, double hi) {
  return lo + (hi - lo) * uniform(s);
}
std::int64_t uniform_ms(std::uint64_t& s, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(uniform(s) * static_cast<double>(hi - lo));
}
// An exponential wait for a Poisson process of `per_hour`.
std::int64_t exp_wait_ms(std::uint64_t& s, double per_hour) {
  double u = 1.0 - uniform(s);  // (0, 1]
  double hours = -std::log(u) / per_hour;
  return std::max<std::int64_t>(1000,
                                static_cast<std::int64_t>(hours * static_cast<double>(k_hour)));
}

bool worn(device_type t) {
  return t == device_type::sos_pendant || t == device_type::fall_detector ||
         t == device_type::heart_rate_band || t == device_type::gps_watch;
}

// The local midnight at or before `utc_ms`, as a UTC instant.
std::int64_t local_midnight(std::int64_t utc_ms, int off_min) {
  std::int64_t local = utc_ms + off_min * k_minute;
  std::int64_t day = local >= 0 ? local / k_day : (local - k_day + 1) / k_day;
  return day * k_day - off_min * k_minute;
}

// The first instant >= from whose local minute of day is `minute` plus a random part of
// `spread_min` minutes.
std::int64_t next_local(std::int64_t from, int minute, int spread_min, std::uint64_t& rng,
                        int off_min) {
  std::int64_t mid = local_midnight(from, off_min);
  for (int d = 0; d < 3; ++d) {
    std::int64_t at =
        mid + d * k_day + minute * k_minute + uniform_ms(rng, 0, spread_min * k_minute);
    if (at >= from) return at;
  }
  return from;
}

double max_activity(device_type t) {
  double m = 0;
  for (int h = 0; h < 24; ++h) m = std::max(m, activity_per_hour(t, h * 60));
  return m;
}

// The next event of a non-homogeneous Poisson process (thinning), after `from`.
std::int64_t next_poisson(device_type t, std::int64_t from, std::uint64_t& rng, int off_min) {
  double peak = max_activity(t);
  if (peak <= 0) return k_never;
  std::int64_t at = from;
  for (int i = 0; i < 100000; ++i) {
    at += exp_wait_ms(rng, peak);
    if (uniform(rng) * peak < activity_per_hour(t, local_minute(at, off_min))) return at;
  }
  return at;
}

std::int64_t next_alarm_after(device_type t, std::int64_t from, std::uint64_t& rng,
                              const model_options& o) {
  double per_day = 0;
  switch (t) {
    case device_type::sos_pendant:
    case device_type::gps_watch:
    case device_type::fall_detector:
      per_day = o.sos_per_day;
      break;
    case device_type::smoke:
    case device_type::gas:
    case device_type::water_leak:
      per_day = o.hazard_per_day;
      break;
    default:
      break;
  }
  if (per_day <= 0) return k_never;
  return from + exp_wait_ms(rng, per_day / 24.0);
}

// The type's own stream after `from` (the bed sensor's next transition depends on in_bed).
std::int64_t next_activity_after(device_model& m, std::int64_t from, const model_options& o) {
  int off = o.utc_offset_min;
  switch (m.type) {
    case device_type::motion_sensor:
    case device_type::door_sensor:
      return next_poisson(m.type, from, m.rng, off);
    case device_type::heart_rate_band:
      return from + 10 * k_minute;
    case device_type::gps_watch: {
      std::int64_t at = from + 15 * k_minute;
      int minute = local_minute(at, off);
      if (minute >= 7 * 60 && minute < 20 * 60) return at;
      return next_local(at, 7 * 60, 15, m.rng, off);
    }
    case device_type::bed_sensor: {
      if (!m.in_bed) return next_local(from, 21 * 60, 120, m.rng, off);  // bedtime
      // In bed: a toilet trip or waking up, whichever comes first.
      std::int64_t wake = next_local(from, 5 * 60 + 30, 120, m.rng, off);
      std::int64_t trip = from + exp_wait_ms(m.rng, activity_per_hour(m.type, 0));
      return std::min(wake, trip);
    }
    default:
      return k_never;
  }
}

}  // namespace

std::optional<device_type> parse_device_type(std::string_view name) {
  auto t = monitoring::parse_device_type(name, "type");
  return t ? std::optional(*t) : std::nullopt;
}

std::uint32_t default_heartbeat_s(device_type t) {
  return monitoring::defaults_for(t).heartbeat_interval_s;
}

int local_minute(std::int64_t utc_ms, int utc_offset_min) {
  std::int64_t local = utc_ms + utc_offset_min * k_minute;
  std::int64_t in_day = local % k_day;
  if (in_day < 0) in_day += k_day;
  return static_cast<int>(in_day / k_minute);
}

double activity_per_hour(device_type t, int minute_of_day) {
  int h = minute_of_day / 60;
  switch (t) {
    case device_type::motion_sensor:
      if (h >= 23 || h < 5) return 0.3;
      if (h < 7) return 4;
      if (h < 12) return 10;
      if (h < 14) return 4;
      if (h < 21) return 8;
      return 3;
    case device_type::door_sensor:
      if (h >= 22 || h < 6) return 0.01;
      if (h < 8) return 0.2;
      if (h < 19) return 0.5;
      return 0.2;
    case device_type::bed_sensor:
      return 0.25;  // toilet trips while in bed
    default:
      return 0;
  }
}

std::uint64_t device_seed(std::uint64_t run_seed, std::string_view serial) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : serial) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  std::uint64_t s = h ^ run_seed;
  return splitmix(s);
}

device_model make_model(device_type t, std::uint64_t seed, std::int64_t start_ms,
                        std::uint32_t heartbeat_s, const model_options& o) {
  device_model m;
  m.type = t;
  m.rng = seed;
  m.heartbeat_s = heartbeat_s == 0 ? default_heartbeat_s(t) : heartbeat_s;
  m.start_ms = start_ms;
  std::int64_t hb = static_cast<std::int64_t>(m.heartbeat_s) * 1000;
  // Devices were switched on at different moments: spread the first heartbeats.
  m.next_heartbeat = start_ms + uniform_ms(m.rng, 0, hb);
  m.battery_start = uniform(m.rng, 40, 100);
  m.battery_since = start_ms;
  m.drain_per_day = worn(t) ? uniform(m.rng, 0.7, 1.3) : uniform(m.rng, 0.05, 0.15);
  m.next_daily = start_ms + uniform_ms(m.rng, 0, k_day);
  m.hr_rest = static_cast<std::int16_t>(62 + splitmix(m.rng) % 17);
  // Tianzhen county seat, within a few kilometres.
  m.home_lat = 40.42 + uniform(m.rng, -0.03, 0.03);
  m.home_lon = 114.09 + uniform(m.rng, -0.03, 0.03);
  if (t == device_type::bed_sensor) {
    int minute = local_minute(start_ms, o.utc_offset_min);
    m.in_bed = minute >= 23 * 60 || minute < 5 * 60 + 30;
  }
  m.next_activity = next_activity_after(m, start_ms, o);
  m.next_alarm = next_alarm_after(t, start_ms, m.rng, o);
  return m;
}

std::int64_t next_time(const device_model& m) {
  return std::min({m.next_heartbeat, m.next_activity, m.next_follow, m.next_alarm, m.next_daily});
}

int battery_at(const device_model& m, std::int64_t at_ms) {
  double days = static_cast<double>(at_ms - m.battery_since) / static_cast<double>(k_day);
  double b = m.battery_start - m.drain_per_day * std::max(0.0, days);
  return static_cast<int>(std::clamp(std::floor(b), 0.0, 100.0));
}

model_event next_event(device_model& m, const model_options& o) {
  model_event e;
  std::int64_t at = next_time(m);
  e.at_ms = at;
  if (battery_at(m, at) < 3) {  // replaced
    m.battery_start = 100;
    m.battery_since = at;
  }
  if (at == m.next_alarm) {
    switch (m.type) {
      case device_type::fall_detector:
        e.type = event_type::fall;
        break;
      case device_type::smoke:
        e.type = event_type::smoke;
        break;
      case device_type::gas:
        e.type = event_type::gas;
        break;
      case device_type::water_leak:
        e.type = event_type::water;
        break;
      default:
        e.type = event_type::sos;
        break;
    }
    e.battery = battery_at(m, at);
    m.next_alarm = next_alarm_after(m.type, at, m.rng, o);
    return e;
  }
  if (at == m.next_follow) {
    e.type = m.follow;
    m.next_follow = k_never;
    if (m.type == device_type::bed_sensor) m.in_bed = true;
    m.next_activity = next_activity_after(m, at, o);
    return e;
  }
  if (at == m.next_activity) {
    switch (m.type) {
      case device_type::motion_sensor:
        e.type = event_type::motion;
        m.next_activity = next_activity_after(m, at, o);
        break;
      case device_type::door_sensor:
        e.type = event_type::door_open;
        m.follow = event_type::door_close;
        m.next_follow = at + uniform_ms(m.rng, 30'000, 4 * k_minute);
        m.next_activity = k_never;  // the next opening comes after the close
        break;
      case device_type::bed_sensor: {
        if (!m.in_bed) {
          e.type = event_type::bed_in;
          m.in_bed = true;
          m.next_activity = next_activity_after(m, at, o);
          break;
        }
        e.type = event_type::bed_out;
        m.in_bed = false;
        int minute = local_minute(at, o.utc_offset_min);
        bool morning = minute >= 5 * 60 + 30 && minute < 12 * 60;
        if (morning) {
          m.next_activity = next_activity_after(m, at, o);  // tonight's bedtime
        } else {
          m.follow = event_type::bed_in;  // back from the toilet
          m.next_follow = at + uniform_ms(m.rng, 3 * k_minute, 12 * k_minute);
          m.next_activity = k_never;
        }
        break;
      }
      case device_type::heart_rate_band: {
        e.type = event_type::heart_rate;
        if (m.abnormal_left == 0 && uniform(m.rng) < 0.002) {
          m.abnormal_left = static_cast<std::uint8_t>(3 + splitmix(m.rng) % 4);
          m.abnormal_high = uniform(m.rng) < 0.7;
        }
        int bpm = 0;
        if (m.abnormal_left > 0) {
          --m.abnormal_left;
          bpm = m.abnormal_high ? 130 + static_cast<int>(splitmix(m.rng) % 21)
                                : 38 + static_cast<int>(splitmix(m.rng) % 6);
        } else {
          int minute = local_minute(at, o.utc_offset_min);
          bool day = minute >= 7 * 60 && minute < 21 * 60;
          bpm = m.hr_rest + (day ? 8 : 0) + static_cast<int>(splitmix(m.rng) % 11) - 5;
        }
        e.value = bpm;
        m.next_activity = next_activity_after(m, at, o);
        break;
      }
      case device_type::gps_watch:
        e.type = event_type::location;
        e.lat = m.home_lat + uniform(m.rng, -0.003, 0.003);
        e.lon = m.home_lon + uniform(m.rng, -0.003, 0.003);
        m.next_activity = next_activity_after(m, at, o);
        break;
      default:
        m.next_activity = k_never;
        e.type = event_type::heartbeat;
        break;
    }
    return e;
  }
  if (at == m.next_daily) {
    e.type = event_type::battery;
    e.value = battery_at(m, at);
    m.next_daily = at + k_day;
    return e;
  }
  // Heartbeat.
  e.type = event_type::heartbeat;
  e.battery = battery_at(m, at);
  m.next_heartbeat = at + static_cast<std::int64_t>(m.heartbeat_s) * 1000;
  return e;
}

}  // namespace ec::ingest::sim
