// The health of the alert path (远程看护 · 链路健康) for the live board's strip: GET
// /api/v1/monitoring/health. docs/MONITORING.md "Health" has the fields and the status rules;
// modules/monitoring/health derives them. The same facts, without the device counts (they
// depend on the caller's scope), reach the live feed as {"type":"health"} when they change.
#include "api/json.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/health.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"

namespace ec::api {

void register_health_routes(router& r) {
  r.add("GET", "/api/v1/monitoring/health", "monitoring:alert:view",
        [](context& ctx) -> result<response> {
          monitoring::health_facts f;
          if (ctx.svc.get<monitoring::service>()) {
            auto h = ctx.svc.get<monitoring::service>()->health();
            if (!h) return std::move(h).err();
            f = std::move(*h);
          }
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          if (!ctx.svc.get<monitoring::service>()) {
            // Not running here: what the shared store says is still worth showing.
            f.now = timeutil::now_unix_ms();
            f.broker.configured = !ctx.svc.cfg.mqtt_url.empty();
            f.webhook.configured = !ctx.svc.cfg.webhook_url.empty();
            if (auto s = monitoring::load_store_facts(**c, f); !s) return std::move(s).err();
          }
          auto devices = monitoring::load_device_health(**c, ctx.who());
          if (!devices) return std::move(devices).err();
          auto v = monitoring::derive(f);
          auto o = monitoring::health_json(f, v, ctx.language == lang::en);
          o["devices"] = json::object{{"active", devices->active},
                                      {"offline", devices->offline},
                                      {"low_battery", devices->low_battery}};
          return json_response(200, std::move(o));
        });
}

}  // namespace ec::api
