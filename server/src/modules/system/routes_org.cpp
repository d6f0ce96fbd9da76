// The org tree 街道 → 社区/村 → 网格/楼栋: GET/POST /org-units, PUT /org-units/{id},
// POST /org-units/{id}/archive. Routes parse and render; org_units.cpp owns the SQL, the
// transactions and the audit entries.
#include "api/json.hpp"
#include "api/services.hpp"
#include "modules/system/org_units.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {

void register_org_routes(router& r) {
  r.add("GET", "/api/v1/org-units", "system:org:view", [](context& ctx) -> result<response> {
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto units = sys::list_org_units(**c, ctx.who());
    if (!units) return std::move(units).err();
    json::array items;
    for (const auto& u : *units) items.push_back(sys::unit_json(u));
    return json_response(200, json::object{{"items", std::move(items)}});
  });

  r.add("POST", "/api/v1/org-units", "system:org:edit", [](context& ctx) -> result<response> {
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto parent_id = rd.integer("parent_id", true, 1);
    auto name = rd.text("name", true, 64);
    auto kind = rd.one_of("kind", true, sys::k_child_unit_kinds);
    auto code = rd.text("code", false, 32);
    auto sort = rd.integer("sort", false, 0, 100000);
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto unit =
        sys::create_org_unit(**c, ctx.who(), ctx.req.remote_ip,
                             {*parent_id, *kind, *name, code.value_or(""), sort.value_or(0)});
    if (!unit) return std::move(unit).err();
    return json_response(201, sys::unit_json(*unit));
  });

  r.add("PUT", "/api/v1/org-units/{id}", "system:org:edit", [](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    sys::org_unit_change in;
    in.name = rd.text("name", false, 64);
    in.code = rd.text("code", false, 32);
    in.sort = rd.integer("sort", false, 0, 100000);
    auto version = rd.integer("version", true, 1);
    EC_TRY(rd.finish());
    in.version = *version;
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto unit = sys::update_org_unit(**c, ctx.who(), ctx.req.remote_ip, *id, in);
    if (!unit) return std::move(unit).err();
    return json_response(200, sys::unit_json(*unit));
  });

  r.add("POST", "/api/v1/org-units/{id}/archive", "system:org:edit",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto body = parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          reader rd(*body);
          auto version = rd.integer("version", true, 1);
          EC_TRY(rd.finish());
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          EC_TRY(sys::archive_org_unit(**c, ctx.who(), ctx.req.remote_ip, *id, *version));
          return no_content();
        });
}

}  // namespace ec::api
