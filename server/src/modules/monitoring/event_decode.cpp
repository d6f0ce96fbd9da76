#include "modules/monitoring/event_decode.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/text.hpp"
#include "core/timeutil.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

error malformed(std::string msg) {
  return error::invalid("ingest.malformed", "", std::move(msg));
}

std::optional<std::int64_t> as_int(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.as_uint64());
  if (v.is_double()) {
    double d = v.as_double();
    if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<std::int64_t>(d)))
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

decoded_event decode_one(const json::value& v, const decode_limits& lim) {
  decoded_event d;
  auto fail = [&](std::string reason, std::string msg) {
    d.reason = std::move(reason);
    d.message = std::move(msg);
    return d;
  };
  const auto* o = v.if_object();
  if (!o) return fail("malformed", "an event must be a JSON object");
  for (const auto& kv : *o) {
    auto k = kv.key();
    if (k != "id" && k != "type" && k != "time" && k != "value" && k != "lat" && k != "lon" &&
        k != "battery")
      return fail("malformed", "unknown field '" + std::string(k) + "'");
  }
  auto id = o->find("id");
  if (id == o->end() || !id->value().is_string())
    return fail("malformed", "id: required, a string");
  d.event_id = std::string(id->value().as_string());
  if (!valid_event_id(d.event_id))
    return fail("malformed", "id: 1-64 characters of A-Z a-z 0-9 . _ : -");
  auto ty = o->find("type");
  if (ty == o->end() || !ty->value().is_string())
    return fail("malformed", "type: required, a string");
  auto kind = parse_event_kind(std::string_view(ty->value().as_string()), "type");
  if (!kind) return fail("malformed", "type: unknown event type");
  d.ev.kind = *kind;
  auto tm = o->find("time");
  if (tm == o->end()) return fail("malformed", "time: required");
  if (auto ms = as_int(tm->value())) {
    d.ev.time_ms = *ms;
  } else if (tm->value().is_string()) {
    auto t = timeutil::parse_iso8601(std::string_view(tm->value().as_string()), "time");
    if (!t) return fail("malformed", "time: Unix milliseconds or RFC 3339 with an offset");
    d.ev.time_ms = *t;
  } else {
    return fail("malformed", "time: Unix milliseconds or RFC 3339 with an offset");
  }
  if (d.ev.time_ms > lim.now_ms + lim.max_ahead_ms)
    return fail("clock_skew", "time: further ahead of the server's clock than allowed");
  if (d.ev.time_ms < lim.now_ms - lim.max_age_ms)
    return fail("clock_skew", "time: older than allowed");

  auto int_field = [&](std::string_view key, std::int64_t lo, std::int64_t hi, bool required,
                       std::optional<std::int32_t>& out) -> bool {
    auto it = o->find(key);
    if (it == o->end() || it->value().is_null()) {
      if (required) {
        fail("malformed", std::string(key) + ": required for " + std::string(format(d.ev.kind)));
        return false;
      }
      return true;
    }
    auto x = as_int(it->value());
    if (!x) {
      fail("malformed", std::string(key) + ": must be a whole number");
      return false;
    }
    if (*x < lo || *x > hi) {
      fail("out_of_range", std::string(key) + ": must be between " + std::to_string(lo) + " and " +
                               std::to_string(hi));
      return false;
    }
    out = static_cast<std::int32_t>(*x);
    return true;
  };
  auto real_field = [&](std::string_view key, double lo, double hi,
                        std::optional<double>& out) -> bool {
    auto it = o->find(key);
    if (it == o->end() || it->value().is_null()) {
      fail("malformed", std::string(key) + ": required for location");
      return false;
    }
    if (!it->value().is_number()) {
      fail("malformed", std::string(key) + ": must be a number");
      return false;
    }
    double x = it->value().to_number<double>();
    if (!(x >= lo && x <= hi)) {
      fail("out_of_range", std::string(key) + ": out of range");
      return false;
    }
    out = x;
    return true;
  };

  if (!int_field("battery", 0, 100, false, d.ev.battery)) return d;
  switch (d.ev.kind) {
    case event_kind::heart_rate:
      if (!int_field("value", 20, 250, true, d.ev.value)) return d;
      break;
    case event_kind::battery:
      if (!int_field("value", 0, 100, true, d.ev.value)) return d;
      break;
    case event_kind::location:
      if (!real_field("lat", -90, 90, d.ev.lat) || !real_field("lon", -180, 180, d.ev.lon))
        return d;
      break;
    default:
      if (o->contains("value")) return fail("malformed", "value: not used by this event type");
      break;
  }
  if (d.ev.kind != event_kind::location && (o->contains("lat") || o->contains("lon")))
    return fail("malformed", "lat/lon: only for location events");
  return d;
}

}  // namespace

bool valid_event_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char ch : id) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == ':' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

result<std::vector<decoded_event>> decode(std::string_view payload, const decode_limits& lim,
                                          bool allow_wrapper) {
  if (!text::valid_utf8(payload)) return malformed("the payload is not valid UTF-8");
  std::error_code ec;
  json::parse_options po;
  po.max_depth = 8;
  auto v = json::parse(payload, ec, {}, po);
  if (ec) return malformed("the payload is not JSON: " + ec.message());
  const json::array* arr = nullptr;
  std::vector<decoded_event> out;
  if (auto* o = v.if_object()) {
    if (allow_wrapper && o->contains("events")) {
      if (o->size() != 1 || !o->at("events").is_array())
        return malformed("expected {\"events\": [...]} and nothing else");
      arr = &o->at("events").as_array();
    } else {
      out.push_back(decode_one(v, lim));
      return out;
    }
  } else if (auto* a = v.if_array()) {
    arr = a;
  } else {
    return malformed("expected an event object or an array of events");
  }
  if (arr->empty()) return malformed("no events");
  if (arr->size() > k_max_events_per_payload)
    return malformed("at most " + std::to_string(k_max_events_per_payload) + " events at once");
  out.reserve(arr->size());
  for (const auto& e : *arr) out.push_back(decode_one(e, lim));
  return out;
}

}  // namespace ec::monitoring
