#include "api/json.hpp"

#include <cmath>

#include "core/text.hpp"

namespace ec::api {

namespace {

// Boost.JSON reads 1e400 as an infinite double and would write it back as `Infinity`, which
// is not JSON. A body whose number does not fit a double is refused like any other bad JSON.
bool all_numbers_finite(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_:
      return std::isfinite(v.get_double());
    case json::kind::array:
      for (const auto& e : v.get_array())
        if (!all_numbers_finite(e)) return false;
      return true;
    case json::kind::object:
      for (const auto& kv : v.get_object())
        if (!all_numbers_finite(kv.value())) return false;
      return true;
    default:
      return true;
  }
}

}  // namespace

result<json::object> parse_object(std::string_view body) {
  if (body.empty())
    return error::invalid("request.body_required", "", "A JSON object body is required");
  json::parse_options opt;
  opt.max_depth = 32;
  opt.allow_invalid_utf8 = false;
  std::error_code ec;
  json::value v = json::parse(body, ec, {}, opt);
  if (ec) {
    if (!ec::text::valid_utf8(body))
      return error::invalid("request.invalid_utf8", "", "The body is not valid UTF-8");
    return error::invalid("request.malformed_json", "", "Malformed JSON: " + ec.message());
  }
  if (!v.is_object())
    return error::invalid("request.json_object_expected", "", "The body must be a JSON object");
  if (!all_numbers_finite(v))
    return error::invalid("request.malformed_json", "",
                          "Malformed JSON: a number is too large for a double");
  return std::move(v.as_object());
}

const json::value* reader::get(std::string_view key, bool required) {
  seen_.emplace(key);
  auto it = o_.find(key);
  if (it == o_.end()) {
    if (required) add_error(field_name(key), "validation.required", "is required");
    return nullptr;
  }
  return &it->value();
}

void reader::add_error(std::string field, std::string code, std::string message) {
  for (const auto& e : errors_)
    if (e.field == field) return;  // one error per field is enough to act on
  errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

std::optional<std::string> reader::text(std::string_view key, bool required,
                                        std::size_t max_chars) {
  const auto* v = get(key, required);
  if (!v) return std::nullopt;
  if (v->is_null() && !required) return std::nullopt;
  if (!v->is_string()) {
    add_error(field_name(key), "validation.type", "must be a string");
    return std::nullopt;
  }
  std::string s = ec::text::trim(std::string_view(v->as_string()));
  // Control characters other than tab and line breaks have no place in a
  // record (and PostgreSQL cannot store NUL at all).
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
      add_error(field_name(key), "validation.control_chars", "must not contain control characters");
      return std::nullopt;
    }
  }
  if (required && s.empty()) {
    add_error(field_name(key), "validation.required", "is required");
    return std::nullopt;
  }
  if (ec::text::utf8_length(s) > max_chars) {
    add_error(field_name(key), "validation.too_long",
              "must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> reader::nullable_text(std::string_view key, std::size_t max_chars) {
  const auto* v = get(key, false);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::string();
  seen_.erase(std::string(key));
  auto r = text(key, false, max_chars);
  return r;
}

std::optional<std::int64_t> reader::integer(std::string_view key, bool required, std::int64_t min,
                                            std::int64_t max) {
  const auto* v = get(key, required);
  if (!v) return std::nullopt;
  if (v->is_null() && !required) return std::nullopt;
  std::int64_t x = 0;
  if (v->is_int64())
    x = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    x = static_cast<std::int64_t>(v->as_uint64());
  else {
    add_error(field_name(key), "validation.type", "must be an integer");
    return std::nullopt;
  }
  if (x < min || x > max) {
    add_error(field_name(key), "validation.range",
              "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return x;
}

std::optional<bool> reader::boolean(std::string_view key, bool required) {
  const auto* v = get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    add_error(field_name(key), "validation.type", "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

namespace {
std::string join(const std::vector<std::string_view>& xs) {
  std::string out;
  for (auto x : xs) {
    if (!out.empty()) out += ", ";
    out += x;
  }
  return out;
}
}  // namespace

std::optional<std::string> reader::one_of(std::string_view key, bool required,
                                          const std::vector<std::string_view>& allowed) {
  auto s = text(key, required, 64);
  if (!s) return std::nullopt;
  if (s->empty() && !required) return std::nullopt;
  for (auto a : allowed)
    if (a == *s) return s;
  add_error(field_name(key), "validation.enum", "must be one of: " + join(allowed));
  return std::nullopt;
}

std::optional<std::vector<std::string>> reader::string_list(
    std::string_view key, bool required, const std::vector<std::string_view>& allowed) {
  const auto* v = get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    add_error(field_name(key), "validation.type", "must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      add_error(field_name(key), "validation.type", "must be a list of strings");
      return std::nullopt;
    }
    std::string s(item.as_string());
    bool ok = allowed.empty();
    for (auto a : allowed) ok = ok || a == s;
    if (!ok) {
      add_error(field_name(key), "validation.enum", "'" + s + "' is not one of: " + join(allowed));
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

const json::array* reader::array(std::string_view key, bool required, std::size_t max_items) {
  const auto* v = get(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    add_error(field_name(key), "validation.type", "must be a list");
    return nullptr;
  }
  if (v->as_array().size() > max_items) {
    add_error(field_name(key), "validation.too_many",
              "must have at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return &v->as_array();
}

const json::object* reader::object(std::string_view key, bool required) {
  const auto* v = get(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    add_error(field_name(key), "validation.type", "must be an object");
    return nullptr;
  }
  return &v->as_object();
}

status reader::finish() {
  for (const auto& [k, _] : o_)
    if (!seen_.contains(std::string_view(k)))
      add_error(field_name(std::string_view(k)), "validation.unknown_field",
                "is not a known field");
  if (errors_.empty()) return {};
  return error::fields(errors_);
}

response json_response(int status, const json::value& v) {
  response r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

response no_content() {
  response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace ec::api
