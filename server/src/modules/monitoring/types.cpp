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
// Same order as the names above.
constexpr std::array<std::string_view, k_device_type_count> k_device_labels_zh = {
    "SOS呼叫器", "跌倒报警器", "门磁",       "人体感应器", "睡眠监测带/床垫",
    "烟感",      "燃气报警器", "水浸报警器", "心率手环",   "定位手表"};
constexpr std::array<std::string_view, k_alert_kind_count> k_alert_labels_zh = {
    "紧急呼叫SOS",  "跌倒",     "烟雾",     "燃气泄漏", "水浸",
    "长时间无活动", "夜间开门", "心率异常", "设备离线", "电量低"};
// Same order; the wording of escalation notices (notice_label_zh).
constexpr std::array<std::string_view, k_alert_kind_count> k_alert_notice_zh = {
    "紧急呼叫(SOS)", "跌倒",     "烟雾报警", "燃气泄漏", "水浸",
    "长时间无活动",  "夜间开门", "心率异常", "设备离线", "电量低"};
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

bool is_critical(event_kind k) {
  return critical_alert_of(k).has_value();
}

std::optional<alert_kind> critical_alert_of(event_kind k) {
  switch (k) {
    case event_kind::sos:
      return alert_kind::sos;
    case event_kind::fall:
      return alert_kind::fall;
    case event_kind::smoke:
      return alert_kind::smoke;
    case event_kind::gas:
      return alert_kind::gas;
    case event_kind::water:
      return alert_kind::water;
    default:
      return std::nullopt;
  }
}

bool is_outcome(std::string_view s) {
  for (auto o : k_outcomes)
    if (o == s) return true;
  return false;
}

std::string_view outcome_zh(std::string_view outcome) {
  if (outcome == "false_alarm") return "误报";
  if (outcome == "safe_on_visit") return "上门确认安全";
  if (outcome == "hospital") return "已送医";
  if (outcome == "other") return "其他";
  return "";
}

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

std::string_view label_zh(device_type t) {
  return k_device_labels_zh[static_cast<std::size_t>(t)];
}
std::string_view label_zh(alert_kind k) {
  return k_alert_labels_zh[static_cast<std::size_t>(k)];
}

std::string alert_label_zh(std::string_view kind_code) {
  auto k = parse_alert_kind(kind_code, "kind");
  return (k ? std::string(label_zh(*k)) : std::string(kind_code)) + "告警";
}
std::string_view notice_label_zh(alert_kind k) {
  return k_alert_notice_zh[static_cast<std::size_t>(k)];
}
std::string_view level_label_zh(int level) {
  switch (level) {
    case 1:
      return "楼长/志愿者";
    case 2:
      return "家属";
    case 3:
      return "社区站";
    default:
      return "紧急救援";
  }
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
