#include "modules/system/org_units.hpp"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "core/timeutil.hpp"

namespace ec::sys {
namespace json = boost::json;

namespace {

constexpr const char* k_unit_cols =
    "o.id, o.parent_id, o.kind, o.name, o.code, o.sort, o.version, o.path";

org_unit from_row(const db::row& r) {
  org_unit u;
  r.read(0, u.id, u.parent_id, u.kind, u.name, u.code, u.sort, u.version, u.path);
  return u;
}

bool child_kind_allowed(const std::string& parent, const std::string& child) {
  if (parent == "street") return child == "community" || child == "village";
  if (parent == "community" || parent == "village") return child == "grid" || child == "building";
  if (parent == "grid") return child == "building";
  return false;
}

error name_taken() {
  return error::make(errc::conflict, "org.name_duplicate", "A unit with this name exists here");
}

error stale() {
  return error::make(errc::conflict, "conflict.stale_version",
                     "The unit was changed by someone else");
}

result<org_unit> load(db::connection& c, std::int64_t id) {
  auto row = c.one(std::string("SELECT ") + k_unit_cols + " FROM org_units o WHERE o.id = ?", {id});
  if (!row) return std::move(row).err();
  return from_row(*row);
}

// A non-archived unit the caller may change (see org_write_scope_sql), or not_found.
result<org_unit> load_writable(db::connection& c, const principal& who, std::int64_t id) {
  auto cur = maybe_one_in_scope(
      c, who, org_write_scope_sql, "o",
      std::string("SELECT ") + k_unit_cols + " FROM org_units o WHERE o.id = ? AND o.archived = 0",
      {id});
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  return from_row(**cur);
}

}  // namespace

result<std::vector<org_unit>> list_org_units(db::connection& c, const principal& who) {
  db::params args;
  auto scope = org_scope_sql(who, "o", args);
  auto units =
      c.query(std::string("SELECT ") + k_unit_cols + " FROM org_units o WHERE o.archived = 0 AND " +
                  scope + " ORDER BY o.sort, o.id",
              args);
  if (!units) return std::move(units).err();
  // Active elders per unit, summed up the tree by path.
  db::params eargs;
  auto escope = elder_scope_sql(who, "e", eargs);
  auto counts = c.query("SELECT e.org_path, COUNT(*) FROM elders e WHERE e.status = 'active' AND " +
                            escope + " GROUP BY e.org_path",
                        eargs);
  if (!counts) return std::move(counts).err();
  std::vector<org_unit> out;
  out.reserve(units->size());
  for (const auto& row : *units) {
    auto u = from_row(row);
    for (const auto& cr : *counts)
      if (cr.str(0).starts_with(u.path)) u.elder_count += cr.i64(1);
    out.push_back(std::move(u));
  }
  return out;
}

result<org_unit> create_org_unit(db::connection& c, const principal& who, const std::string& ip,
                                 const org_unit_create& in) {
  auto parent = maybe_one_in_scope(c, who, org_write_scope_sql, "o",
                                   "SELECT o.id, o.kind, o.path, o.community_id FROM org_units o "
                                   "WHERE o.id = ? AND o.archived = 0",
                                   {in.parent_id});
  if (!parent) return std::move(parent).err();
  if (!*parent || !child_kind_allowed((*parent)->str(1), in.kind))
    return error::invalid("org.invalid_parent", "parent_id",
                          "a " + in.kind + " cannot be placed under this unit");
  auto now = timeutil::now_unix_ms();
  auto id = db::in_transaction(c, [&]() -> result<std::int64_t> {
    auto ins = c.query(
        "INSERT INTO org_units (parent_id, kind, name, code, sort, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {in.parent_id, in.kind, in.name, in.code, in.sort, now, now});
    if (!ins) {
      if (ins.err().kind == errc::conflict) return name_taken();
      return std::move(ins).err();
    }
    auto nid = ins->front().i64(0);
    auto path = (*parent)->str(2) + std::to_string(nid) + "/";
    bool is_community = in.kind == "community" || in.kind == "village";
    auto up = c.exec("UPDATE org_units SET path = ?, community_id = ? WHERE id = ?",
                     {path, is_community ? db::value{nid} : (*parent)->at(3), nid});
    if (!up) return std::move(up).err();
    json::object ch;
    ch["name"] = json::array{nullptr, json::string(in.name)};
    ch["kind"] = json::array{nullptr, json::string(in.kind)};
    EC_TRY(audit(c, &who, ip,
                 {"create",
                  "org_unit",
                  std::to_string(nid),
                  {"created " + in.name, "新增组织 " + in.name},
                  ch}));
    return nid;
  });
  if (!id) return std::move(id).err();
  return load(c, *id);
}

result<org_unit> update_org_unit(db::connection& c, const principal& who, const std::string& ip,
                                 std::int64_t id, const org_unit_change& in) {
  auto cur = load_writable(c, who, id);
  if (!cur) return std::move(cur).err();
  const auto& old = *cur;
  auto name = in.name.value_or(old.name);
  auto code = in.code.value_or(old.code);
  auto sort = in.sort.value_or(old.sort);
  auto st = db::in_transaction(c, [&]() -> status {
    auto up = c.exec(
        "UPDATE org_units SET name = ?, code = ?, sort = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        {name, code, sort, timeutil::now_unix_ms(), id, in.version});
    if (!up) {
      if (up.err().kind == errc::conflict) return name_taken();
      return std::move(up).err();
    }
    if (*up == 0) return stale();
    json::object ch;
    diff_field(ch, "name", old.name, name);
    diff_field(ch, "code", old.code, code);
    diff_field(ch, "sort", std::to_string(old.sort), std::to_string(sort));
    return audit(c, &who, ip,
                 {"update",
                  "org_unit",
                  std::to_string(id),
                  {"updated " + old.name, "修改组织 " + old.name},
                  ch});
  });
  if (!st) return std::move(st).err();
  return load(c, id);
}

status archive_org_unit(db::connection& c, const principal& who, const std::string& ip,
                        std::int64_t id, std::int64_t version) {
  auto cur = load_writable(c, who, id);
  if (!cur) return std::move(cur).err();
  const auto& unit = *cur;
  if (unit.kind == "street")
    return error::make(errc::conflict, "org.not_empty",
                       "The sub-district itself cannot be archived");
  auto counts = c.one(
      "SELECT (SELECT COUNT(*) FROM org_units WHERE parent_id = ? AND archived = 0), "
      "(SELECT COUNT(*) FROM elders WHERE org_path >= ? AND org_path < ? AND status = 'active'), "
      "(SELECT COUNT(*) FROM users WHERE org_unit_id = ? AND active = 1)",
      {id, unit.path, prefix_upper_bound(unit.path), id});
  if (!counts) return std::move(counts).err();
  if (counts->i64(0) || counts->i64(1) || counts->i64(2))
    return error::make(errc::conflict, "org.not_empty",
                       "The unit still has " + std::to_string(counts->i64(0)) + " sub-units, " +
                           std::to_string(counts->i64(1)) + " elders and " +
                           std::to_string(counts->i64(2)) + " users");
  return db::in_transaction(c, [&]() -> status {
    auto up = c.exec(
        "UPDATE org_units SET archived = 1, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ? AND archived = 0",
        {timeutil::now_unix_ms(), id, version});
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
    return audit(c, &who, ip,
                 {"archive",
                  "org_unit",
                  std::to_string(id),
                  {"archived " + unit.name, "停用组织 " + unit.name},
                  json::object{{"archived", json::array{"false", "true"}}}});
  });
}

json::object unit_json(const org_unit& u) {
  return {{"id", u.id},
          {"parent_id", u.parent_id ? json::value(*u.parent_id) : json::value(nullptr)},
          {"kind", u.kind},
          {"name", u.name},
          {"code", u.code},
          {"sort", u.sort},
          {"version", u.version},
          {"path", u.path},
          {"elder_count", u.elder_count}};
}

}  // namespace ec::sys
