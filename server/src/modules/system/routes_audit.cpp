// GET /audit: search the append-only audit log (admins and auditors).
// `summary` is in the reader's language: the Chinese text unless the request asks for
// English, and the English one for entries written before Chinese summaries were stored
// (summary_zh NULL); `summary_en` and `summary_zh` carry both as stored.
#include <boost/json/parse.hpp>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {

void register_audit_routes(router& r) {
  r.add("GET", "/api/v1/audit", "system:audit:view", [](context& ctx) -> result<response> {
    // The log spans the whole sub-district; only sub-district-wide roles read it.
    if (ctx.who().data_scope != "all")
      return error::make(errc::forbidden, "auth.forbidden",
                         "The audit log needs a sub-district-wide role");
    auto pg = page_params(ctx, 50, 500);
    if (!pg) return std::move(pg).err();
    auto [page, size] = *pg;
    std::string where = "1=1";
    db::params args;
    if (auto a = ctx.q("actor")) {
      // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      where += " AND lower(a.actor_name) LIKE lower(?) ESCAPE '\\'";
      args.emplace_back(db::like_contains(*a));
    }
    if (auto a = ctx.q("action")) {
      where += " AND a.action = ?";
      args.emplace_back(*a);
    }
    if (auto e = ctx.q("entity")) {
      where += " AND a.entity = ?";
      args.emplace_back(*e);
    }
    if (auto e = ctx.q("entity_id")) {
      where += " AND a.entity_id = ?";
      args.emplace_back(*e);
    }
    if (auto f = ctx.q("from")) {
      auto t = timeutil::parse_iso8601(*f, "from");
      if (!t) return std::move(t).err();
      where += " AND a.at >= ?";
      args.emplace_back(*t);
    }
    if (auto f = ctx.q("to")) {
      auto t = timeutil::parse_iso8601(*f, "to");
      if (!t) return std::move(t).err();
      // A plain date means the whole day.
      where += " AND a.at < ?";
      args.emplace_back(*t + (f->size() == 10 ? 86400000 : 1));
    }
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto total = (*c)->one("SELECT COUNT(*) FROM audit_log a WHERE " + where, args);
    if (!total) return std::move(total).err();
    auto qargs = args;
    qargs.emplace_back(size);
    qargs.emplace_back((page - 1) * size);
    auto rows = (*c)->query(
        "SELECT a.id, a.at, a.actor_id, a.actor_name, u.display_name, a.ip, a.action, a.entity, "
        "a.entity_id, a.summary, a.changes, a.summary_zh FROM audit_log a LEFT JOIN users u ON "
        "u.id = a.actor_id "
        "WHERE " +
            where + " ORDER BY a.id DESC LIMIT ? OFFSET ?",
        qargs);
    if (!rows) return std::move(rows).err();
    json::array items;
    for (const auto& row : *rows) {
      json::value changes = nullptr;
      if (!row.is_null(10)) {
        std::error_code ec;
        changes = json::parse(row.str(10), ec);
        if (ec) changes = nullptr;
      }
      json::value summary_zh = row.is_null(11) ? json::value(nullptr) : json::value(row.str(11));
      std::string shown = ctx.language == lang::zh && !row.is_null(11) ? row.str(11) : row.str(9);
      items.push_back(json::object{
          {"id", row.i64(0)},
          {"at", timeutil::iso8601_shanghai(row.i64(1))},
          {"actor", row.is_null(2) ? json::value(nullptr)
                                   : json::value(json::object{{"id", row.i64(2)},
                                                              {"username", row.str(3)},
                                                              {"display_name", row.str(4)}})},
          {"ip", row.str(5)},
          {"action", row.str(6)},
          {"entity", row.str(7)},
          {"entity_id", row.str(8)},
          {"summary", std::move(shown)},
          {"summary_en", row.str(9)},
          {"summary_zh", std::move(summary_zh)},
          {"changes", changes}});
    }
    return json_response(
        200,
        json::object{
            {"items", std::move(items)}, {"total", total->i64(0)}, {"page", page}, {"size", size}});
  });
}

}  // namespace ec::api
