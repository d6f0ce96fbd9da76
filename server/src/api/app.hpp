// The application: every module's routes (api/module.hpp), the services they use, and the
// request pipeline (parse target → built-ins → session → permission → CSRF → rate
// limit → handler → error envelope → security headers → metrics).
// `handle` is thread-safe and never throws for bad input.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "api/http.hpp"
#include "api/metrics.hpp"
#include "api/router.hpp"
#include "api/services.hpp"
#include "api/static_files.hpp"

namespace ec::api {

class app {
 public:
  app(const config& cfg, db::database& db);
  response handle(request& req);
  // Called when a request's headers have arrived, before its body is read: matches the route
  // (once; handle() reuses the match) and gives its body limit. A route with a raised limit
  // (imports take spreadsheets) gets it only for a caller who may use the route: anyone else
  // is refused here, so that a large body is never buffered for an unknown caller.
  admission admit(request& req);
  const router& routes() const { return router_; }
  services& svc() { return svc_; }

 private:
  response dispatch(request& req, std::string& route_label);
  std::optional<response> metrics_refusal(const request& req, lang lg) const;
  // The session of `req` and whether it may call `rt`: signed in, the CSRF token on writes,
  // no pending temporary password, the route's permission. With `count` the call counts
  // against the session's rate limit (between the CSRF and password checks).
  result<std::shared_ptr<const sys::principal>> authorize(const request& req, const route& rt,
                                                          bool count);
  services svc_;
  router router_;
  static_files static_;
};

}  // namespace ec::api
