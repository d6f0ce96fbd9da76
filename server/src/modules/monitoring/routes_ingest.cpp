// POST /ingest: device events over HTTP (docs/MONITORING.md "HTTP ingest"). Public in the
// sense of needing no user session: the device authenticates with its own token
// (Authorization: Bearer SERIAL:SECRET), checked by the monitoring service.
#include "api/json.hpp"
#include "api/services.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"

namespace ec::api {

void register_ingest_routes(router& r) {
  r.add("POST", "/api/v1/ingest", "",
        [](context& ctx) -> result<response> {
          if (!ctx.svc.get<monitoring::service>())
            return error::make(errc::unavailable, "ingest.unavailable",
                               "Monitoring is not running on this node");
          auto auth = ctx.req.get("authorization");
          auto rep = ctx.svc.get<monitoring::service>()->ingest_http(
              auth ? *auth : std::string_view(), ctx.req.body, ctx.req.remote_ip);
          if (!rep) return std::move(rep).err();
          json::array items;
          for (const auto& it : rep->items) {
            json::object o{{"index", it.index}, {"event_id", it.event_id}, {"outcome", it.outcome}};
            if (it.alert_id) o["alert_id"] = *it.alert_id;
            if (!it.reason.empty()) {
              o["reason"] = it.reason;
              o["message"] = it.message;
            }
            items.push_back(std::move(o));
          }
          return json_response(200, json::object{{"accepted", rep->accepted},
                                                 {"duplicates", rep->duplicates},
                                                 {"rejected", rep->rejected},
                                                 {"items", std::move(items)}});
        },
        {.is_public = true});
}

}  // namespace ec::api
