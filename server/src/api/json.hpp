// Strict JSON request bodies and JSON responses.
//
// `parse_object` rejects bodies that are not a single JSON object, invalid
// UTF-8 and nesting deeper than 32. `reader` pulls typed fields out of an
// object, collecting one field error per bad field, and `finish()` also rejects
// fields the route does not know — so a typo never silently does nothing.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.hpp"
#include "core/result.hpp"

namespace ec::api {

namespace json = boost::json;

result<json::object> parse_object(std::string_view body);

class reader {
 public:
  // `prefix` names nested objects in errors, e.g. "contacts[1]."
  explicit reader(const json::object& o, std::string prefix = "")
      : o_(o), prefix_(std::move(prefix)) {}

  bool has(std::string_view key) const { return o_.contains(key); }
  // Text, trimmed; required fields must be present and non-empty.
  std::optional<std::string> text(std::string_view key, bool required, std::size_t max_chars);
  // Text or null (null → "" with `present` true).
  std::optional<std::string> nullable_text(std::string_view key, std::size_t max_chars);
  std::optional<std::int64_t> integer(std::string_view key, bool required,
                                      std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<bool> boolean(std::string_view key, bool required);
  // A string that must be one of `allowed`.
  std::optional<std::string> one_of(std::string_view key, bool required,
                                    const std::vector<std::string_view>& allowed);
  std::optional<std::vector<std::string>> string_list(std::string_view key, bool required,
                                                      const std::vector<std::string_view>& allowed);
  const json::array* array(std::string_view key, bool required, std::size_t max_items);
  // A nested object (its fields are the caller's to check).
  const json::object* object(std::string_view key, bool required);

  void add_error(std::string field, std::string code, std::string message);
  std::vector<field_error>& errors() { return errors_; }
  std::string field_name(std::string_view key) const { return prefix_ + std::string(key); }
  // Marks every other field unknown and returns all errors, if any.
  status finish();

 private:
  const json::value* get(std::string_view key, bool required);
  const json::object& o_;
  std::string prefix_;
  std::set<std::string, std::less<>> seen_;
  std::vector<field_error> errors_;
};

// Responses.
response json_response(int status, const json::value& v);
response no_content();

}  // namespace ec::api
