// Routes: method + path pattern ("/api/v1/elders/{id}") → handler, with the
// permission the route needs. The router refuses a request before the handler
// runs when the caller is not signed in, lacks the permission, or sends a
// state-changing request without the session's CSRF token.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/errors.hpp"
#include "api/http.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "modules/system/system.hpp"

namespace ec::api {

struct services;

struct context {
  request& req;
  services& svc;
  lang language = lang::zh;
  std::string path;                                        // decoded path, no query
  std::map<std::string, std::string, std::less<>> query;   // decoded, last value wins
  std::map<std::string, std::string, std::less<>> params;  // from the pattern
  const sys::principal* user = nullptr;                    // set unless the route is public
  std::vector<header> extra_headers;                       // e.g. Set-Cookie from login

  const sys::principal& who() const { return *user; }
  // A numeric path parameter; not_found if malformed (a bad id finds nothing).
  result<std::int64_t> id(std::string_view name = "id") const;
  std::optional<std::string> q(std::string_view name) const;
};

// A request target split into its decoded path and decoded query parameters (last value
// wins). Errors (kind invalid; app.cpp answers 400): request.bad_target when the target is not
// in origin form, request.invalid_utf8 when a query key or value decodes to bytes that are not
// UTF-8 (decoded values reach SQL parameters, and PostgreSQL refuses broken UTF-8).
struct parsed_target {
  std::string path;
  std::map<std::string, std::string, std::less<>> query;
};
result<parsed_target> parse_target(std::string_view target);

// `page` (≥ 1) and `size` (1..max_size) from the query; errors name the parameter.
result<std::pair<std::int64_t, std::int64_t>> page_params(
    const std::map<std::string, std::string, std::less<>>& query, std::int64_t default_size,
    std::int64_t max_size);
result<std::pair<std::int64_t, std::int64_t>> page_params(const context& ctx,
                                                          std::int64_t default_size,
                                                          std::int64_t max_size);

using handler_fn = std::function<result<response>(context&)>;

// A route on one item, ".../{id}", that reads or writes it with nothing else to check first:
// `fn` runs with the id (not_found when malformed) and a connection from the pool.
using item_fn = std::function<result<response>(context&, db::connection&, std::int64_t id)>;
handler_fn item_handler(item_fn fn);
// The largest request body a route takes, from the settings; null: the server's default
// (body_limit_kib). Checked by net/ before the body is read.
using body_limit_fn = std::size_t (*)(const config&);

struct route_options {
  bool is_public = false;              // no session needed
  body_limit_fn body_limit = nullptr;  // null: the default limit
};

struct route {
  std::string method;
  std::string pattern;     // as written, used as the metrics label
  std::string permission;  // empty: any signed-in user
  bool is_public = false;  // no session needed
  body_limit_fn body_limit = nullptr;
  std::vector<std::string> segments;
  handler_fn fn;
};

class router {
 public:
  void add(std::string method, std::string pattern, std::string permission, handler_fn fn,
           route_options options = {});
  // Finds the route for method + path; fills params. nullptr if none matches;
  // `path_matched` tells 405 from 404.
  const route* match(std::string_view method, std::string_view path,
                     std::map<std::string, std::string, std::less<>>& params,
                     bool& path_matched) const;
  const std::vector<route>& routes() const { return routes_; }

 private:
  std::vector<route> routes_;
};

}  // namespace ec::api
