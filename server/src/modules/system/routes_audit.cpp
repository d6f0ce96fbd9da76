// GET /audit: search the append-only audit log (admins and auditors); the search itself is
// sys::search_audit (modules/system/audit.hpp).
// `summary` is in the reader's language: the Chinese text unless the request asks for
// English, and the English one for entries written before Chinese summaries were stored
// (summary_zh NULL); `summary_en` and `summary_zh` carry both as stored.
#include <boost/json/parse.hpp>
#include <tuple>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/system/audit.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {

void register_audit_routes(router& r) {
  r.add("GET", "/api/v1/audit", "system:audit:view", [](context& ctx) -> result<response> {
    auto pg = page_params(ctx, 50, 500);
    if (!pg) return std::move(pg).err();
    sys::audit_filter f;
    std::tie(f.page, f.size) = *pg;
    f.actor = ctx.q("actor");
    f.action = ctx.q("action");
    f.entity = ctx.q("entity");
    f.entity_id = ctx.q("entity_id");
    if (auto from = ctx.q("from")) {
      auto t = timeutil::parse_iso8601(*from, "from");
      if (!t) return std::move(t).err();
      f.from = *t;
    }
    if (auto to = ctx.q("to")) {
      auto t = timeutil::parse_iso8601(*to, "to");
      if (!t) return std::move(t).err();
      f.to = *t + (to->size() == 10 ? 86400000 : 1);  // a plain date means the whole day
    }
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto res = sys::search_audit(**c, ctx.who(), f);
    if (!res) return std::move(res).err();
    json::array items;
    items.reserve(res->items.size());
    for (auto& e : res->items) {
      json::value changes = nullptr;
      if (e.changes) {
        std::error_code ec;
        changes = json::parse(*e.changes, ec);
        if (ec) changes = nullptr;
      }
      json::value actor = nullptr;
      if (e.actor_id)
        actor = json::object{{"id", *e.actor_id},
                             {"username", e.actor_username},
                             {"display_name", e.actor_display_name}};
      std::string shown = ctx.language == lang::zh && e.summary_zh ? *e.summary_zh : e.summary_en;
      items.push_back(json::object{
          {"id", e.id},
          {"at", timeutil::iso8601_shanghai(e.at)},
          {"actor", std::move(actor)},
          {"ip", e.ip},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"summary", std::move(shown)},
          {"summary_en", e.summary_en},
          {"summary_zh", e.summary_zh ? json::value(*e.summary_zh) : json::value(nullptr)},
          {"changes", std::move(changes)}});
    }
    return json_response(200, json::object{{"items", std::move(items)},
                                           {"total", res->total},
                                           {"page", f.page},
                                           {"size", f.size}});
  });
}

}  // namespace ec::api
