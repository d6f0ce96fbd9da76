// The application: every route, the services they use, and the request
// pipeline (parse target → built-ins → session → permission → CSRF → rate
// limit → handler → error envelope → security headers → metrics).
// `handle` is thread-safe and never throws for bad input.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "api/http.hpp"
#include "api/metrics.hpp"
#include "api/router.hpp"
#include "api/static_files.hpp"
#include "core/config.hpp"
#include "db/db.hpp"
#include "modules/monitoring/service.hpp"
#include "modules/system/auth.hpp"

namespace ec::api {

class live_hub;  // api/live_hub.hpp

struct services {
  const config& cfg;
  db::database& db;
  sys::auth_service auth;
  api::metrics metrics;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Remote monitoring; set by main before serving (null in tools that do not serve).
  monitoring::service* monitoring = nullptr;
  // The live feed's WebSocket hub; set by main before serving (null: GET /api/v1/live is 503).
  live_hub* live = nullptr;

  services(const config& c, db::database& d) : cfg(c), db(d), auth(d, c) {}
};

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

// Every route of the API (the app and the OpenAPI test use this one list).
void register_all_routes(router& r);
// Route registration, one function per module (api/routes_*.cpp).
void register_auth_routes(router& r);
void register_org_routes(router& r);
void register_user_routes(router& r);
void register_audit_routes(router& r);
void register_elder_routes(router& r);
void register_ingest_routes(router& r);
void register_device_routes(router& r);
void register_device_import_routes(router& r);
void register_monitoring_settings_routes(router& r);
void register_alert_routes(router& r);
void register_health_routes(router& r);
void register_account_routes(router& r);

}  // namespace ec::api
