#include "modules/monitoring/threshold_json.hpp"

#include <boost/json/parse.hpp>
#include <limits>

namespace ec::monitoring {
namespace json = boost::json;
namespace {

constexpr std::string_view k_code = "monitoring.threshold_invalid";

struct parser {
  const json::object& o;
  std::vector<field_error> errs;

  void bad(std::string field, std::string msg) {
    errs.push_back({std::move(field), std::string(k_code), std::move(msg)});
  }

  template <class T>
  void integer(std::string_view key, std::optional<T>& out, std::int64_t lo, std::int64_t hi) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return;
    const auto& v = it->value();
    std::int64_t x = 0;
    if (v.is_int64())
      x = v.as_int64();
    else if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
      x = static_cast<std::int64_t>(v.as_uint64());
    else if (v.is_double() &&
             v.as_double() == static_cast<double>(static_cast<std::int64_t>(v.as_double())))
      x = static_cast<std::int64_t>(v.as_double());
    else
      return bad(std::string(key), "must be a whole number");
    if (x < lo || x > hi)
      return bad(std::string(key),
                 "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    out = static_cast<T>(x);
  }

  void number(std::string_view key, std::optional<double>& out, double lo, double hi) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return;
    const auto& v = it->value();
    if (!v.is_number()) return bad(std::string(key), "must be a number");
    double x = v.to_number<double>();
    if (!(x >= lo && x <= hi))
      return bad(std::string(key), "must be between " + std::to_string(lo).substr(0, 4) + " and " +
                                       std::to_string(hi).substr(0, 5));
    out = x;
  }

  void window(std::string_view key, std::optional<clock_window>& out) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return;
    const auto* w = it->value().if_object();
    std::string k(key);
    if (!w) return bad(k, "must be an object {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}");
    clock_window cw;
    bool ok = true;
    for (const auto& [name, member] :
         {std::pair<std::string_view, std::uint16_t*>{"start", &cw.start_min},
          {"end", &cw.end_min}}) {
      auto f = k + "." + std::string(name);
      auto jt = w->find(name);
      if (jt == w->end() || !jt->value().is_string()) {
        bad(f, "must be a time HH:MM");
        ok = false;
        continue;
      }
      auto m = parse_clock(std::string_view(jt->value().as_string()), f);
      if (!m) {
        bad(f, m.err().message);
        ok = false;
        continue;
      }
      *member = *m;
    }
    for (const auto& kv : *w)
      if (kv.key() != "start" && kv.key() != "end") {
        bad(k + "." + std::string(kv.key()), "unknown field");
        ok = false;
      }
    if (ok) {
      if (cw.start_min == 1440)
        bad(k + ".start", "must be before 24:00");
      else
        out = cw;
    }
  }
};

constexpr std::string_view k_fields[] = {"utc_offset_min",
                                         "heartbeat_interval_s",
                                         "offline_multiple",
                                         "low_battery_percent",
                                         "battery_clear_margin",
                                         "no_motion_hours",
                                         "daytime",
                                         "night",
                                         "hr_min",
                                         "hr_max",
                                         "hr_run",
                                         "damping_refires",
                                         "damping_window_s"};

json::object window_json(const clock_window& w) {
  return json::object{{"start", format_clock(w.start_min)}, {"end", format_clock(w.end_min)}};
}

}  // namespace

result<threshold_overrides> parse_overrides(const json::object& o) {
  parser p{o, {}};
  threshold_overrides r;
  p.integer(k_fields[0], r.utc_offset_min, -720, 840);
  p.integer(k_fields[1], r.heartbeat_interval_s, 1, std::numeric_limits<std::uint32_t>::max());
  p.number(k_fields[2], r.offline_multiple, 0, 1e6);
  p.integer(k_fields[3], r.low_battery_percent, 0, 100);
  p.integer(k_fields[4], r.battery_clear_margin, 0, 100);
  p.integer(k_fields[5], r.no_motion_hours, 0, 24);
  p.window(k_fields[6], r.daytime);
  p.window(k_fields[7], r.night);
  p.integer(k_fields[8], r.hr_min, 0, 400);
  p.integer(k_fields[9], r.hr_max, 0, 400);
  p.integer(k_fields[10], r.hr_run, 1, 255);
  p.integer(k_fields[11], r.damping_refires, 0, 255);
  p.integer(k_fields[12], r.damping_window_s, 0, 7 * 86400);
  for (const auto& kv : o) {
    bool known = false;
    for (auto f : k_fields) known = known || kv.key() == f;
    if (!known) p.bad(std::string(kv.key()), "unknown field");
  }
  if (!p.errs.empty()) return error::fields(std::move(p.errs));
  return r;
}

result<threshold_overrides> parse_overrides_text(std::string_view text) {
  if (text.empty()) return threshold_overrides{};
  std::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object())
    return error::invalid(std::string(k_code), "settings",
                          "stored thresholds are not a JSON object");
  return parse_overrides(v.as_object());
}

json::object to_json(const threshold_overrides& o) {
  json::object j;
  if (o.utc_offset_min) j["utc_offset_min"] = *o.utc_offset_min;
  if (o.heartbeat_interval_s) j["heartbeat_interval_s"] = *o.heartbeat_interval_s;
  if (o.offline_multiple) j["offline_multiple"] = *o.offline_multiple;
  if (o.low_battery_percent) j["low_battery_percent"] = *o.low_battery_percent;
  if (o.battery_clear_margin) j["battery_clear_margin"] = *o.battery_clear_margin;
  if (o.no_motion_hours) j["no_motion_hours"] = *o.no_motion_hours;
  if (o.daytime) j["daytime"] = window_json(*o.daytime);
  if (o.night) j["night"] = window_json(*o.night);
  if (o.hr_min) j["hr_min"] = *o.hr_min;
  if (o.hr_max) j["hr_max"] = *o.hr_max;
  if (o.hr_run) j["hr_run"] = *o.hr_run;
  if (o.damping_refires) j["damping_refires"] = *o.damping_refires;
  if (o.damping_window_s) j["damping_window_s"] = *o.damping_window_s;
  return j;
}

json::object to_json(const thresholds& t) {
  return json::object{{"utc_offset_min", t.utc_offset_min},
                      {"heartbeat_interval_s", t.heartbeat_interval_s},
                      {"offline_multiple", t.offline_multiple},
                      {"low_battery_percent", t.low_battery_percent},
                      {"battery_clear_margin", t.battery_clear_margin},
                      {"no_motion_hours", t.no_motion_hours},
                      {"daytime", window_json(t.daytime)},
                      {"night", window_json(t.night)},
                      {"hr_min", t.hr_min},
                      {"hr_max", t.hr_max},
                      {"hr_run", t.hr_run},
                      {"damping_refires", t.damping_refires},
                      {"damping_window_s", t.damping_window_s}};
}

}  // namespace ec::monitoring
