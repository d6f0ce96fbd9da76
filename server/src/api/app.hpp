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
  // Largest body for a target (the import route takes spreadsheets).
  std::size_t body_limit_for(std::string_view method, std::string_view target) const;
  const router& routes() const { return router_; }
  services& svc() { return svc_; }

 private:
  response dispatch(request& req, std::string& route_label);
  std::optional<response> metrics_refusal(const request& req, lang lg) const;
  services svc_;
  router router_;
  static_files static_;
};

}  // namespace ec::api
