// The JSON request body: api::parse_object, then the reader's typed accessors over every key,
// as a route handler would use them, and serialization of what was accepted.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/json.hpp"
#include "core/text.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto obj = ec::api::parse_object(body);
  if (!obj) {
    const auto& code = obj.err().code;
    FUZZ_CHECK(code == "request.body_required" || code == "request.invalid_utf8" ||
               code == "request.malformed_json" || code == "request.json_object_expected");
    return 0;
  }
  // Accepted bodies are UTF-8 and serialize again.
  FUZZ_CHECK(ec::text::valid_utf8(body));
  const std::string again = boost::json::serialize(*obj);
  FUZZ_CHECK(ec::api::parse_object(again).ok());

  ec::api::reader r(*obj);
  std::size_t i = 0;
  for (const auto& kv : *obj) {
    const std::string_view key = kv.key();
    switch (i++ % 9) {
      case 0:
        if (auto t = r.text(key, true, 64)) FUZZ_CHECK(ec::text::utf8_length(*t) <= 64);
        break;
      case 1:
        (void)r.nullable_text(key, 8);
        break;
      case 2:
        if (auto n = r.integer(key, false, -5, 5)) FUZZ_CHECK(*n >= -5 && *n <= 5);
        break;
      case 3:
        (void)r.boolean(key, true);
        break;
      case 4:
        if (auto v = r.one_of(key, false, {"a", "b"})) FUZZ_CHECK(*v == "a" || *v == "b");
        break;
      case 5:
        (void)r.string_list(key, false, {"x", "y", "z"});
        break;
      case 6:
        if (const auto* a = r.array(key, false, 3)) FUZZ_CHECK(a->size() <= 3);
        break;
      case 7:
        if (const auto* o = r.object(key, false)) {
          ec::api::reader inner(*o, std::string(key) + ".");
          for (const auto& in : *o) (void)inner.text(in.key(), false, 16);
          (void)inner.finish();
        }
        break;
      default:
        break;  // left unread: finish() calls it unknown
    }
  }
  (void)r.text("absent", true, 10);
  auto st = r.finish();
  if (!st) FUZZ_CHECK(!st.err().code.empty());
  (void)ec::api::json_response(200, *obj);
  return 0;
}
