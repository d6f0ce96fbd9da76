// GET/POST /service-items, PUT /service-items/{id}: the catalogue of home services. Routes
// parse and render; items.cpp owns the SQL, the transaction and the audit entry.
#include "modules/catalog/routes.hpp"

#include <algorithm>

#include "api/json.hpp"
#include "api/services.hpp"
#include "modules/catalog/items.hpp"

namespace ec::catalog {

using api::response;

namespace {

// The fields of a create (everything required) or an update (plus `active` and `version`).
result<item_input> read_item(api::reader& rd, bool update) {
  item_input in;
  auto category = rd.one_of("category", true, k_categories);
  auto name = rd.text("name", true, 32);
  auto unit = rd.one_of("unit", true, k_units);
  auto duration = rd.integer("duration_min", true, 1, 1440);
  auto price = rd.integer("price_fen", true, 0, 10'000'000);
  auto qualification = rd.text("qualification", false, 32);
  std::optional<bool> active;
  if (update) active = rd.boolean("active", false);
  if (!category || !name || !unit || !duration || !price) return in;  // errors are in `rd`
  in.category = *category;
  in.name = *name;
  in.unit = *unit;
  in.duration_min = *duration;
  in.price_fen = *price;
  in.qualification = qualification.value_or("");
  in.active = active.value_or(true);
  return in;
}

}  // namespace

void register_routes(api::router& r) {
  using api::context;
  r.add("GET", "/api/v1/service-items", "catalog:item:view", [](context& ctx) -> result<response> {
    item_filter f;
    if (auto cat = ctx.q("category"); cat && !cat->empty()) {
      if (std::find(k_categories.begin(), k_categories.end(), *cat) == k_categories.end())
        return error::invalid("request.bad_query", "category", "is not a service category");
      f.category = *cat;
    }
    if (auto a = ctx.q("active"); a && !a->empty()) {
      if (*a != "true" && *a != "false")
        return error::invalid("request.bad_query", "active", "must be true or false");
      f.active = *a == "true";
    }
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto items = list_items(**c, f);
    if (!items) return std::move(items).err();
    boost::json::array out;
    for (const auto& i : *items) out.push_back(item_json(i));
    return api::json_response(200, boost::json::object{{"items", std::move(out)}});
  });

  r.add("POST", "/api/v1/service-items", "catalog:item:edit", [](context& ctx) -> result<response> {
    auto body = api::parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    api::reader rd(*body);
    auto in = read_item(rd, false);
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto item = create_item(**c, ctx.who(), ctx.req.remote_ip, *in);
    if (!item) return std::move(item).err();
    return api::json_response(201, item_json(*item));
  });

  r.add("PUT", "/api/v1/service-items/{id}", "catalog:item:edit",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto body = api::parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          api::reader rd(*body);
          auto in = read_item(rd, true);
          auto version = rd.integer("version", true, 1);
          EC_TRY(rd.finish());
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto item = update_item(**c, ctx.who(), ctx.req.remote_ip, *id, *version, *in);
          if (!item) return std::move(item).err();
          return api::json_response(200, item_json(*item));
        });
}

}  // namespace ec::catalog
