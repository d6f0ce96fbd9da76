#include "modules/monitoring/thresholds.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace ec::monitoring {
namespace {

constexpr std::int64_t k_day_s = 86400;

std::int64_t floor_mod(std::int64_t a, std::int64_t m) {
  const std::int64_t r = a % m;
  return r < 0 ? r + m : r;
}
std::int64_t floor_div(std::int64_t a, std::int64_t m) {
  return a / m - (a % m < 0 ? 1 : 0);  // rounds down; safe at INT64_MIN
}

// Seconds after local midnight, without ever adding the offset to a raw (possibly huge) time.
std::int64_t local_second_of_day(std::int64_t unix_s, int utc_offset_min) {
  return floor_mod(floor_mod(unix_s, k_day_s) + std::int64_t{utc_offset_min} * 60, k_day_s);
}

void check_window(const clock_window& w, std::string_view name, std::vector<field_error>& errs) {
  if (w.start_min > 1439) {
    errs.push_back({std::string(name) + ".start_min", "monitoring.threshold_invalid",
                    "A window starts at 00:00..23:59"});
  }
  if (w.end_min > 1440) {
    errs.push_back({std::string(name) + ".end_min", "monitoring.threshold_invalid",
                    "A window ends at 00:00..24:00"});
  }
}

}  // namespace

ec::result<std::uint16_t> parse_clock(std::string_view s, std::string_view field) {
  auto bad = [&] {
    return ec::error::invalid("monitoring.clock_invalid", std::string(field),
                              "Expected a time of day HH:MM between 00:00 and 24:00");
  };
  if (s.size() != 5 || s[2] != ':') return bad();
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return bad();
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return bad();
  return static_cast<std::uint16_t>(h * 60 + m);
}

std::string format_clock(std::uint16_t minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
  return buf;
}

int local_minute_of_day(std::int64_t unix_ms, int utc_offset_min) {
  return static_cast<int>(local_second_of_day(floor_div(unix_ms, 1000), utc_offset_min) / 60);
}

int window_minutes(const clock_window& w) {
  if (w.start_min == w.end_min) return 0;
  if (w.start_min < w.end_min) return w.end_min - w.start_min;
  return 1440 - w.start_min + w.end_min;
}

bool in_window(const clock_window& w, int m) {
  if (w.start_min == w.end_min) return false;
  if (w.start_min < w.end_min) return m >= w.start_min && m < w.end_min;
  return m >= w.start_min || m < w.end_min;  // crosses midnight
}

bool in_window(const clock_window& w, std::int64_t unix_ms, int utc_offset_min) {
  return in_window(w, local_minute_of_day(unix_ms, utc_offset_min));
}

std::int64_t window_start_s(const clock_window& w, std::int64_t unix_s, int utc_offset_min) {
  const std::int64_t since_start = floor_mod(
      local_second_of_day(unix_s, utc_offset_min) - std::int64_t{w.start_min} * 60, k_day_s);
  return unix_s - since_start;
}

thresholds defaults_for(device_type t) {
  thresholds th;
  switch (t) {
    case device_type::sos_pendant:
    case device_type::fall_detector:
    case device_type::heart_rate_band:
    case device_type::gps_watch:
      th.heartbeat_interval_s = 300;  // worn, cellular/BLE: every 5 min
      break;
    case device_type::door_sensor:
    case device_type::bed_sensor:
      th.heartbeat_interval_s = 600;  // home sensors behind a gateway
      break;
    case device_type::motion_sensor:
      th.heartbeat_interval_s = 600;
      th.no_motion_hours = 4;
      break;
    case device_type::smoke:
    case device_type::gas:
    case device_type::water_leak:
      th.heartbeat_interval_s = 3600;  // NB-IoT detectors report hourly to save battery
      break;
  }
  return th;
}

thresholds merge(const thresholds& b, const threshold_overrides& o) {
  thresholds t = b;
  if (o.utc_offset_min) t.utc_offset_min = *o.utc_offset_min;
  if (o.heartbeat_interval_s) t.heartbeat_interval_s = *o.heartbeat_interval_s;
  if (o.offline_multiple) t.offline_multiple = *o.offline_multiple;
  if (o.low_battery_percent) t.low_battery_percent = *o.low_battery_percent;
  if (o.battery_clear_margin) t.battery_clear_margin = *o.battery_clear_margin;
  if (o.no_motion_hours) t.no_motion_hours = *o.no_motion_hours;
  if (o.daytime) t.daytime = *o.daytime;
  if (o.night) t.night = *o.night;
  if (o.hr_min) t.hr_min = *o.hr_min;
  if (o.hr_max) t.hr_max = *o.hr_max;
  if (o.hr_run) t.hr_run = *o.hr_run;
  if (o.damping_refires) t.damping_refires = *o.damping_refires;
  if (o.damping_window_s) t.damping_window_s = *o.damping_window_s;
  return t;
}

ec::status validate(const thresholds& t) {
  std::vector<field_error> e;
  auto bad = [&](std::string f, std::string msg) {
    e.push_back({std::move(f), "monitoring.threshold_invalid", std::move(msg)});
  };
  if (t.utc_offset_min < -720 || t.utc_offset_min > 840) {
    bad("utc_offset_min", "The UTC offset is -720..840 minutes");
  }
  if (t.heartbeat_interval_s < 10 || t.heartbeat_interval_s > 7 * 86400) {
    bad("heartbeat_interval_s", "The heartbeat interval is 10 s .. 7 days");
  }
  // STANDARDS.md: a broker drops a silent client after 1.5 x keep-alive; anything stricter
  // would call a device offline for one late heartbeat.
  if (!std::isfinite(t.offline_multiple) || t.offline_multiple < 1.5 || t.offline_multiple > 100) {
    bad("offline_multiple", "The offline multiple is 1.5 .. 100 heartbeat intervals");
  }
  if (t.low_battery_percent > 100) bad("low_battery_percent", "A percentage is 0..100");
  if (t.battery_clear_margin > 50 || t.low_battery_percent + t.battery_clear_margin > 100) {
    bad("battery_clear_margin", "The clear margin is 0..50 and low + margin at most 100");
  }
  check_window(t.daytime, "daytime", e);
  check_window(t.night, "night", e);
  if (t.no_motion_hours > 24) {
    bad("no_motion_hours", "No-motion hours are 0 (off) .. 24");
  } else if (t.no_motion_hours > 0 && t.no_motion_hours * 60 > window_minutes(t.daytime)) {
    // Inactivity is counted inside the daytime window; a longer span could never fire.
    bad("no_motion_hours", "No-motion hours must fit inside the daytime window");
  }
  if (t.hr_min < 20 || t.hr_min > 250) bad("hr_min", "Heart rate bounds are 20..250 bpm");
  if (t.hr_max < 20 || t.hr_max > 250) {
    bad("hr_max", "Heart rate bounds are 20..250 bpm");
  } else if (t.hr_max <= t.hr_min) {
    bad("hr_max", "The upper heart rate bound must exceed the lower");
  }
  if (t.hr_run < 1 || t.hr_run > 100) bad("hr_run", "Readings in a row are 1..100");
  if (t.damping_refires < 1 || t.damping_refires > 50) {
    bad("damping_refires", "Re-fires before damping are 1..50");
  }
  if (t.damping_window_s > 86400) bad("damping_window_s", "The damping window is 0..86400 s");
  if (!e.empty()) return ec::error::fields(std::move(e));
  return {};
}

ec::result<thresholds> resolve(device_type t, const threshold_overrides& o) {
  thresholds th = merge(defaults_for(t), o);
  EC_TRY(validate(th));
  return th;
}

}  // namespace ec::monitoring
