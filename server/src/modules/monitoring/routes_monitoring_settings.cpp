// Monitoring settings (看护设置): rule thresholds per device type and per elder, escalation plans
// per community. The rules live in modules/monitoring/settings.hpp; after every committed change
// the monitoring service reloads them (settings_changed()).
#include <charconv>

#include "api/json.hpp"
#include "api/services.hpp"
#include "modules/monitoring/devices.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"
#include "modules/monitoring/settings.hpp"

namespace ec::api {
namespace {

struct threshold_put {
  std::string device_type;
  json::object settings;
  std::int64_t version = 0;
};

result<threshold_put> read_threshold_put(const context& ctx) {
  auto body = parse_object(ctx.req.body);
  if (!body) return std::move(body).err();
  reader rd(*body);
  auto type = rd.one_of("device_type", true, monitoring::k_device_types);
  const auto* settings = rd.object("settings", true);
  auto version = rd.integer("version", true, 0);
  EC_TRY(rd.finish());
  return threshold_put{*type, *settings, *version};
}

json::object items_json(const std::vector<monitoring::threshold_entry>& es) {
  json::array items;
  for (const auto& e : es) items.push_back(monitoring::to_json(e));
  return json::object{{"items", std::move(items)}};
}

void settings_changed(context& ctx) {
  if (ctx.svc.get<monitoring::service>()) ctx.svc.get<monitoring::service>()->settings_changed();
}

// "default" or a community id; anything else finds nothing.
result<std::optional<std::int64_t>> community_param(const context& ctx) {
  auto it = ctx.params.find("community_id");
  if (it == ctx.params.end()) return not_found();
  const auto& s = it->second;
  if (s == "default") return std::optional<std::int64_t>{};
  std::int64_t v = 0;
  auto [p, e] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (e != std::errc() || p != s.data() + s.size() || v < 1) return not_found();
  return std::optional<std::int64_t>{v};
}

}  // namespace

void register_monitoring_settings_routes(router& r) {
  r.add("GET", "/api/v1/monitoring/thresholds", "monitoring:alert:view",
        [](context& ctx) -> result<response> {
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto es = monitoring::type_thresholds(**c);
          if (!es) return std::move(es).err();
          return json_response(200, items_json(*es));
        });

  r.add("PUT", "/api/v1/monitoring/thresholds", "monitoring:settings:edit",
        [](context& ctx) -> result<response> {
          auto in = read_threshold_put(ctx);
          if (!in) return std::move(in).err();
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto e = monitoring::put_type_thresholds(**c, ctx.who(), in->device_type, in->settings,
                                                   in->version);
          if (!e) return std::move(e).err();
          settings_changed(ctx);
          return json_response(200, monitoring::to_json(*e));
        });

  r.add("GET", "/api/v1/elders/{id}/thresholds", "monitoring:device:view",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto es = monitoring::elder_thresholds(c, ctx.who(), id);
          if (!es) return std::move(es).err();
          return json_response(200, items_json(*es));
        }));

  r.add("PUT", "/api/v1/elders/{id}/thresholds", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto in = read_threshold_put(ctx);
          if (!in) return std::move(in).err();
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto e = monitoring::put_elder_thresholds(**c, ctx.who(), *id, in->device_type,
                                                    in->settings, in->version);
          if (!e) return std::move(e).err();
          settings_changed(ctx);
          return json_response(200, monitoring::to_json(*e));
        });

  r.add("GET", "/api/v1/monitoring/escalation-plans", "monitoring:alert:view",
        [](context& ctx) -> result<response> {
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto ps = monitoring::list_plans(**c, ctx.who());
          if (!ps) return std::move(ps).err();
          json::array items;
          for (const auto& p : *ps) items.push_back(monitoring::to_json(p));
          return json_response(200, json::object{{"items", std::move(items)}});
        });

  r.add("PUT", "/api/v1/monitoring/escalation-plans/{community_id}", "monitoring:plan:edit",
        [](context& ctx) -> result<response> {
          auto community = community_param(ctx);
          if (!community) return std::move(community).err();
          auto body = parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          reader rd(*body);
          monitoring::plan_input in;
          if (const auto* arr = rd.array("delays_s", true, monitoring::k_escalation_levels)) {
            if (arr->size() != monitoring::k_escalation_levels)
              rd.add_error("delays_s", "validation.range",
                           "must list 4 delays, one per level, in seconds");
            for (std::size_t i = 0; i < arr->size(); ++i) {
              const auto& v = (*arr)[i];
              if (!v.is_int64() && !v.is_uint64()) {
                rd.add_error("delays_s[" + std::to_string(i) + "]", "validation.type",
                             "must be a whole number of seconds");
                continue;
              }
              if (i < in.delays_s.size())
                in.delays_s[i] = v.is_int64() ? v.as_int64() : -1;  // huge: out of range
            }
          }
          auto station = rd.text("station_phone", false, 32);
          auto emergency = rd.text("emergency_phone", true, 32);
          auto version = rd.integer("version", true, 0);
          EC_TRY(rd.finish());
          in.station_phone = station.value_or("");
          in.emergency_phone = *emergency;
          in.version = *version;
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto p = monitoring::put_plan(**c, ctx.who(), *community, in);
          if (!p) return std::move(p).err();
          settings_changed(ctx);
          return json_response(200, monitoring::to_json(*p));
        });

  r.add("DELETE", "/api/v1/monitoring/escalation-plans/{community_id}", "monitoring:plan:edit",
        [](context& ctx) -> result<response> {
          auto community = community_param(ctx);
          if (!community) return std::move(community).err();
          if (!*community)
            return error::make(errc::conflict, "monitoring.plan_default",
                               "The sub-district default plan cannot be removed");
          std::optional<std::int64_t> version;
          if (auto v = ctx.q("version"); v && !v->empty()) {
            std::int64_t n = 0;
            auto [p, e] = std::from_chars(v->data(), v->data() + v->size(), n);
            if (e != std::errc() || p != v->data() + v->size() || n < 1)
              return error::invalid("request.bad_query", "version", "must be a positive integer");
            version = n;
          }
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto st = monitoring::delete_plan(**c, ctx.who(), **community, version);
          if (!st) return std::move(st).err();
          settings_changed(ctx);
          return no_content();
        });
}

}  // namespace ec::api
