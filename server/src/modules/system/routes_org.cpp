// The org tree 街道 → 社区/村 → 网格/楼栋: GET/POST /org-units, PUT /org-units/{id}.
#include <map>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/system/audit.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {
namespace {

bool child_kind_allowed(const std::string& parent, const std::string& child) {
  if (parent == "street") return child == "community" || child == "village";
  if (parent == "community" || parent == "village") return child == "grid" || child == "building";
  if (parent == "grid") return child == "building";
  return false;
}

json::object unit_json(const db::row& r, std::int64_t elders) {
  return {{"id", r.i64(0)},
          {"parent_id", r.is_null(1) ? json::value(nullptr) : json::value(r.i64(1))},
          {"kind", r.str(2)},
          {"name", r.str(3)},
          {"code", r.str(4)},
          {"sort", r.i64(5)},
          {"version", r.i64(6)},
          {"path", r.str(7)},
          {"elder_count", elders}};
}

constexpr const char* k_unit_cols =
    "o.id, o.parent_id, o.kind, o.name, o.code, o.sort, o.version, o.path";

// A non-archived unit the caller may change (see org_write_scope_sql), or not_found.
result<db::row> load_writable_unit(db::connection& c, const sys::principal& who, std::int64_t id) {
  db::params args{id};
  auto scope = sys::org_write_scope_sql(who, "o", args);
  auto cur = c.maybe_one(std::string("SELECT ") + k_unit_cols +
                             " FROM org_units o WHERE o.id = ? AND o.archived = 0 AND " + scope,
                         args);
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  return std::move(**cur);
}

}  // namespace

void register_org_routes(router& r) {
  r.add("GET", "/api/v1/org-units", "system:org:view", [](context& ctx) -> result<response> {
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    db::params args;
    auto scope = sys::org_scope_sql(ctx.who(), "o", args);
    auto units = (*c)->query(std::string("SELECT ") + k_unit_cols +
                                 " FROM org_units o WHERE o.archived = 0 AND " + scope +
                                 " ORDER BY o.sort, o.id",
                             args);
    if (!units) return std::move(units).err();
    // Active elders per unit, summed up the tree by path.
    db::params eargs;
    auto escope = sys::elder_scope_sql(ctx.who(), "e", eargs);
    auto counts =
        (*c)->query("SELECT e.org_path, COUNT(*) FROM elders e WHERE e.status = 'active' AND " +
                        escope + " GROUP BY e.org_path",
                    eargs);
    if (!counts) return std::move(counts).err();
    json::array items;
    for (const auto& u : *units) {
      auto path = u.str(7);
      std::int64_t n = 0;
      for (const auto& cr : *counts)
        if (cr.str(0).starts_with(path)) n += cr.i64(1);
      items.push_back(unit_json(u, n));
    }
    return json_response(200, json::object{{"items", std::move(items)}});
  });

  r.add("POST", "/api/v1/org-units", "system:org:edit", [](context& ctx) -> result<response> {
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto parent_id = rd.integer("parent_id", true, 1);
    auto name = rd.text("name", true, 64);
    auto kind = rd.one_of("kind", true, {"community", "village", "grid", "building"});
    auto code = rd.text("code", false, 32);
    auto sort = rd.integer("sort", false, 0, 100000);
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto& conn = **c;
    db::params args{*parent_id};
    auto scope = sys::org_write_scope_sql(ctx.who(), "o", args);
    auto parent = conn.maybe_one(
        "SELECT o.id, o.kind, o.path, o.community_id FROM org_units o "
        "WHERE o.id = ? AND o.archived = 0 AND " +
            scope,
        args);
    if (!parent) return std::move(parent).err();
    if (!*parent || !child_kind_allowed((*parent)->str(1), *kind))
      return error::invalid("org.invalid_parent", "parent_id",
                            "a " + *kind + " cannot be placed under this unit");
    auto now = timeutil::now_unix_ms();
    auto id = db::in_transaction(conn, [&]() -> result<std::int64_t> {
      auto ins = conn.query(
          "INSERT INTO org_units (parent_id, kind, name, code, sort, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {*parent_id, *kind, *name, code.value_or(""), sort.value_or(0), now, now});
      if (!ins) {
        if (ins.err().kind == errc::conflict)
          return error::make(errc::conflict, "org.name_duplicate",
                             "A unit with this name exists here");
        return std::move(ins).err();
      }
      auto nid = ins->front().i64(0);
      auto path = (*parent)->str(2) + std::to_string(nid) + "/";
      bool is_community = *kind == "community" || *kind == "village";
      auto up = conn.exec("UPDATE org_units SET path = ?, community_id = ? WHERE id = ?",
                          {path, is_community ? db::value{nid} : (*parent)->at(3), nid});
      if (!up) return std::move(up).err();
      json::object ch;
      ch["name"] = json::array{nullptr, json::string(*name)};
      ch["kind"] = json::array{nullptr, json::string(*kind)};
      EC_TRY(sys::audit(conn, &ctx.who(), ctx.req.remote_ip,
                        {"create",
                         "org_unit",
                         std::to_string(nid),
                         {"created " + *name, "新增组织 " + *name},
                         ch}));
      return nid;
    });
    if (!id) return std::move(id).err();
    auto row =
        conn.one(std::string("SELECT ") + k_unit_cols + " FROM org_units o WHERE o.id = ?", {*id});
    if (!row) return std::move(row).err();
    return json_response(201, unit_json(*row, 0));
  });

  r.add("PUT", "/api/v1/org-units/{id}", "system:org:edit", [](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto name = rd.text("name", false, 64);
    auto code = rd.text("code", false, 32);
    auto sort = rd.integer("sort", false, 0, 100000);
    auto version = rd.integer("version", true, 1);
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto& conn = **c;
    auto cur = load_writable_unit(conn, ctx.who(), *id);
    if (!cur) return std::move(cur).err();
    const auto& old = *cur;
    auto st = db::in_transaction(conn, [&]() -> status {
      auto up = conn.exec(
          "UPDATE org_units SET name = ?, code = ?, sort = ?, version = version + 1, updated_at = "
          "? "
          "WHERE id = ? AND version = ?",
          {name.value_or(old.str(3)), code.value_or(old.str(4)), sort.value_or(old.i64(5)),
           timeutil::now_unix_ms(), *id, *version});
      if (!up) {
        if (up.err().kind == errc::conflict)
          return error::make(errc::conflict, "org.name_duplicate",
                             "A unit with this name exists here");
        return std::move(up).err();
      }
      if (*up == 0)
        return error::make(errc::conflict, "conflict.stale_version",
                           "The unit was changed by someone else");
      json::object ch;
      sys::diff_field(ch, "name", old.str(3), name.value_or(old.str(3)));
      sys::diff_field(ch, "code", old.str(4), code.value_or(old.str(4)));
      sys::diff_field(ch, "sort", old.str(5), sort ? std::to_string(*sort) : old.str(5));
      return sys::audit(conn, &ctx.who(), ctx.req.remote_ip,
                        {"update",
                         "org_unit",
                         std::to_string(*id),
                         {"updated " + old.str(3), "修改组织 " + old.str(3)},
                         ch});
    });
    if (!st) return std::move(st).err();
    auto row =
        conn.one(std::string("SELECT ") + k_unit_cols + " FROM org_units o WHERE o.id = ?", {*id});
    if (!row) return std::move(row).err();
    return json_response(200, unit_json(*row, 0));
  });

  // Archiving replaces deletion: the unit disappears from the tree and from
  // pickers, but stays for the audit log and old records. Only an empty unit
  // (no sub-units, no elders, no users) can be archived.
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
          auto& conn = **c;
          auto cur = load_writable_unit(conn, ctx.who(), *id);
          if (!cur) return std::move(cur).err();
          const auto& unit = *cur;
          if (unit.str(2) == "street")
            return error::make(errc::conflict, "org.not_empty",
                               "The sub-district itself cannot be archived");
          auto path = unit.str(7);
          auto counts = conn.one(
              "SELECT (SELECT COUNT(*) FROM org_units WHERE parent_id = ? AND archived = 0), "
              "(SELECT COUNT(*) FROM elders WHERE org_path >= ? AND org_path < ? AND status = "
              "'active'), "
              "(SELECT COUNT(*) FROM users WHERE org_unit_id = ? AND active = 1)",
              {*id, path, sys::prefix_upper_bound(path), *id});
          if (!counts) return std::move(counts).err();
          if (counts->i64(0) || counts->i64(1) || counts->i64(2)) {
            auto e = error::make(errc::conflict, "org.not_empty",
                                 "The unit still has " + std::to_string(counts->i64(0)) +
                                     " sub-units, " + std::to_string(counts->i64(1)) +
                                     " elders and " + std::to_string(counts->i64(2)) + " users");
            return e;
          }
          auto st = db::in_transaction(conn, [&]() -> status {
            auto up = conn.exec(
                "UPDATE org_units SET archived = 1, version = version + 1, updated_at = ? "
                "WHERE id = ? AND version = ? AND archived = 0",
                {timeutil::now_unix_ms(), *id, *version});
            if (!up) return std::move(up).err();
            if (*up == 0)
              return error::make(errc::conflict, "conflict.stale_version",
                                 "The unit was changed by someone else");
            return sys::audit(conn, &ctx.who(), ctx.req.remote_ip,
                              {"archive",
                               "org_unit",
                               std::to_string(*id),
                               {"archived " + unit.str(3), "停用组织 " + unit.str(3)},
                               json::object{{"archived", json::array{"false", "true"}}}});
          });
          if (!st) return std::move(st).err();
          return no_content();
        });
}

}  // namespace ec::api
