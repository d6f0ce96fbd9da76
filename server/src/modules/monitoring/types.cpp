#include "modules/monitoring/types.hpp"

#include <array>
#include <string>

namespace ec::monitoring {
namespace {

constexpr std::array<std::string_view, k_device_type_count> k_device_names = {
    "sos_pendant", "fall_detector", "door_sensor", "motion_sensor",   "bed_sensor",
    "smoke",       "gas",           "water_leak",  "heart_rate_band", "gps_watch"};
constexpr std::array<std::string_view, k_event_kind_count> k_event_names = {
    "heartbeat", "sos",   "fall", "door_open", "door_close", "motion",   "bed_in",
    "bed_out",   "smoke", "gas",  "water",     "heart_rate", "location", "battery"};
constexpr std::array<std::string_view, k_alert_kind_count> k_alert_names = {
    "sos",       "fall",       "smoke",      "gas",     "water",
    "no_motion", "door_night", "heart_rate", "offline", "low_battery"};
constexpr std::array<std::string_view, 3> k_severity_names = {"critical", "warning", "technical"};

template <class E, std::size_t N>
ec::result<E> parse_in(const std::array<std::string_view, N>& names, std::string_view s,
                       std::string_view field, std::string_view what) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return ec::error::invalid("monitoring." + std::string(what) + "_unknown", std::string(field),
                            "Unknown " + std::string(what) + ": " + std::string(s));
}

}  // namespace

severity severity_of(alert_kind k) {
  switch (k) {
    case alert_kind::sos:
    case alert_kind::fall:
    case alert_kind::smoke:
    case alert_kind::gas:
    case alert_kind::water:
      return severity::critical;
    case alert_kind::no_motion:
    case alert_kind::door_night:
    case alert_kind::heart_rate:
      return severity::warning;
    case alert_kind::offline:
    case alert_kind::low_battery:
      return severity::technical;
  }
  return severity::critical;  // unreachable; the safe side if an enum value is corrupt
}

std::string_view format(device_type t) {
  return k_device_names[static_cast<std::size_t>(t)];
}
std::string_view format(event_kind k) {
  return k_event_names[static_cast<std::size_t>(k)];
}
std::string_view format(alert_kind k) {
  return k_alert_names[static_cast<std::size_t>(k)];
}
std::string_view format(severity s) {
  switch (s) {
    case severity::critical:
      return "critical";
    case severity::warning:
      return "warning";
    case severity::technical:
      return "technical";
  }
  return "critical";
}

ec::result<device_type> parse_device_type(std::string_view s, std::string_view field) {
  return parse_in<device_type>(k_device_names, s, field, "device_type");
}
ec::result<event_kind> parse_event_kind(std::string_view s, std::string_view field) {
  return parse_in<event_kind>(k_event_names, s, field, "event_kind");
}
ec::result<alert_kind> parse_alert_kind(std::string_view s, std::string_view field) {
  return parse_in<alert_kind>(k_alert_names, s, field, "alert_kind");
}
ec::result<severity> parse_severity(std::string_view s, std::string_view field) {
  return parse_in<severity>(k_severity_names, s, field, "severity");
}

}  // namespace ec::monitoring
