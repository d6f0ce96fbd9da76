// Vocabulary of the monitoring rule engine: device types, the events devices send, the alert
// kinds the rules raise, and their snake_case names as used in JSON, the database and MQTT.
//
// Failure: the parse functions return kind `invalid` with the given field and a code
// "monitoring.<what>_unknown"; format functions never fail.
// Thread-safety: pure functions over immutable tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec::monitoring {

enum class device_type : std::uint8_t {
  sos_pendant,
  fall_detector,
  door_sensor,
  motion_sensor,
  bed_sensor,
  smoke,
  gas,
  water_leak,
  heart_rate_band,
  gps_watch,
};
inline constexpr int k_device_type_count = 10;

// What a device reports. Names match the JSON `type` of an ingested event.
enum class event_kind : std::uint8_t {
  heartbeat,
  sos,
  fall,
  door_open,
  door_close,
  motion,
  bed_in,
  bed_out,
  smoke,
  gas,
  water,
  heart_rate,  // value = beats per minute
  location,    // lat, lon
  battery,     // value = percent
};
inline constexpr int k_event_kind_count = 14;

// One open alert at most per (elder, device, alert_kind). The numeric values index bit masks
// in device_state; append only.
enum class alert_kind : std::uint8_t {
  sos,
  fall,
  smoke,
  gas,
  water,
  no_motion,
  door_night,
  heart_rate,
  offline,
  low_battery,
};
inline constexpr int k_alert_kind_count = 10;

enum class severity : std::uint8_t { critical, warning, technical };

// sos, fall, smoke, gas, water: critical; no_motion, door_night, heart_rate: warning;
// offline, low_battery: technical.
severity severity_of(alert_kind k);

// The critical events (sos, fall, smoke, gas, water): each raises the alert of the same name
// at once, goes to the writer's urgent lane, and the device waits for "received". This is the
// one copy of that mapping (the rules, the writer and ingest all use it).
bool is_critical(event_kind k);
// The alert a critical event raises; nullopt for any other event.
std::optional<alert_kind> critical_alert_of(event_kind k);

// How a person resolves an alert (PATCH /alerts/{id} `outcome`), with the web UI's Chinese
// names (alerts.zh-CN.ts `outcome`) for audit summaries.
inline constexpr std::string_view k_outcomes[] = {"false_alarm", "safe_on_visit", "hospital",
                                                  "other"};
bool is_outcome(std::string_view s);
// "" for a string that is not an outcome.
std::string_view outcome_zh(std::string_view outcome);

// An event as the ingest layer hands it over, already authenticated, decoded and deduplicated
// by event id. Times are Unix milliseconds (UTC) from the device's clock.
struct event {
  std::int64_t device_id = 0;
  event_kind kind = event_kind::heartbeat;
  std::int64_t time_ms = 0;
  std::optional<std::int32_t> value;    // heart_rate (bpm), battery (percent)
  std::optional<double> lat, lon;       // location
  std::optional<std::int32_t> battery;  // percent, on any event that carries it
};

std::string_view format(device_type t);
std::string_view format(event_kind k);
std::string_view format(alert_kind k);
std::string_view format(severity s);

// Chinese labels, the one place for every server-written Chinese word of this vocabulary.
// The web UI's labels (web/src/locales/modules/devices.zh-CN.ts `types`, alerts.zh-CN.ts
// `kind`), for audit summaries and the device import's type column.
std::string_view label_zh(device_type t);
std::string_view label_zh(alert_kind k);
// "fall" → "跌倒告警", for audit summaries of people handling alerts; an unknown code keeps
// its code ("xyz告警").
std::string alert_label_zh(std::string_view kind_code);
// The wording of an escalation notice (the webhook's `message`, read out by SMS and voice
// gateways): "紧急呼叫(SOS)", "烟雾报警", … where the board's short label would be unclear.
std::string_view notice_label_zh(alert_kind k);
// Who an escalation level reaches: 1 楼长/志愿者, 2 家属, 3 社区站, 4 (and any other) 紧急救援.
std::string_view level_label_zh(int level);

ec::result<device_type> parse_device_type(std::string_view s, std::string_view field);
ec::result<event_kind> parse_event_kind(std::string_view s, std::string_view field);
ec::result<alert_kind> parse_alert_kind(std::string_view s, std::string_view field);
ec::result<severity> parse_severity(std::string_view s, std::string_view field);

}  // namespace ec::monitoring
