// The request target: api::parse_target (boost::urls origin form, decoded query, UTF-8
// check), router::match over every route the server registers, and page_params on the
// decoded query. Input: the first byte picks the method, the rest is the target.
#include "api/router.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/module.hpp"
#include "core/text.hpp"
#include "fuzz_support.hpp"

namespace {

const ec::api::router& all_routes() {
  static const ec::api::router r = [] {
    ec::api::router x;
    ec::api::register_all_routes(x);
    return x;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view k_methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
  const std::string_view method = k_methods[data[0] % 6];
  const std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);
  auto t = ec::api::parse_target(target);
  if (!t) {
    FUZZ_CHECK(t.err().code == "request.bad_target" || t.err().code == "request.invalid_utf8");
    return 0;
  }
  FUZZ_CHECK(!t->path.empty() && t->path.front() == '/');
  for (const auto& [k, v] : t->query)
    FUZZ_CHECK(ec::text::valid_utf8(k) && ec::text::valid_utf8(v));

  std::map<std::string, std::string, std::less<>> params;
  bool path_matched = false;
  const auto* rt = all_routes().match(method, t->path, params, path_matched);
  if (rt) {
    FUZZ_CHECK(path_matched && rt->method == method);
    std::size_t wanted = 0;
    for (const auto& s : rt->segments)
      if (s.size() > 1 && s.front() == '{') ++wanted;
    FUZZ_CHECK(params.size() <= wanted);
  }
  auto pg = ec::api::page_params(t->query, 20, 500);
  if (pg) {
    FUZZ_CHECK(pg->first >= 1 && pg->first <= 1'000'000);
    FUZZ_CHECK(pg->second >= 1 && pg->second <= 500);
  } else {
    FUZZ_CHECK(pg.err().code == "request.bad_query");
    FUZZ_CHECK(pg.err().field == "page" || pg.err().field == "size");
  }
  return 0;
}
