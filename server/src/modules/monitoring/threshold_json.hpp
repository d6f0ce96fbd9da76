// Thresholds as JSON, for the settings API and the stored overrides (threshold_settings and
// elder_thresholds hold `settings` as a JSON object in this shape):
//
//   {"utc_offset_min": 480, "heartbeat_interval_s": 300, "offline_multiple": 3,
//    "low_battery_percent": 20, "battery_clear_margin": 5, "no_motion_hours": 4,
//    "daytime": {"start": "07:00", "end": "21:00"}, "night": {"start": "20:00", "end": "05:00"},
//    "hr_min": 45, "hr_max": 120, "hr_run": 3, "damping_refires": 2, "damping_window_s": 3600}
//
// Every field is optional in overrides. Unknown fields, wrong types and values outside the
// field's type are errors naming the field (code "monitoring.threshold_invalid"); whether the
// merged result makes sense is resolve()'s job (thresholds.hpp).
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.hpp"
#include "modules/monitoring/thresholds.hpp"

namespace ec::monitoring {

result<threshold_overrides> parse_overrides(const boost::json::object& o);
// Text as stored; "" or "{}" gives no overrides.
result<threshold_overrides> parse_overrides_text(std::string_view json_text);
boost::json::object to_json(const threshold_overrides& o);
boost::json::object to_json(const thresholds& t);

}  // namespace ec::monitoring
