// Users and roles: GET/POST /users, PUT /users/{id}, POST /users/{id}/reset-password, GET /roles.
// An admin manages users within their own data scope; only a street admin may
// grant the street_admin or auditor roles.
#include <regex>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/crypto.hpp"
#include "core/phone.hpp"
#include "core/timeutil.hpp"
#include "modules/system/audit.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {
namespace {

const std::vector<std::string_view> k_roles = {"street_admin", "community_staff", "provider_staff",
                                               "field_worker", "volunteer",       "family",
                                               "kitchen",      "auditor"};

constexpr const char* k_user_cols =
    "u.id, u.username, u.display_name, u.role_code, r.name_zh, r.name_en, u.org_unit_id, o.name, "
    "u.active, u.locked_until, u.last_login_at, u.version, u.phone, u.phone_confirmed_at";

json::object user_json(const db::row& r, lang l) {
  auto ts = [&](std::size_t i) {
    return r.is_null(i) ? json::value(nullptr) : json::value(timeutil::iso8601_shanghai(r.i64(i)));
  };
  auto locked = r.opt_i64(9);
  bool is_locked = locked && *locked > timeutil::now_unix_ms();
  return {{"id", r.i64(0)},
          {"username", r.str(1)},
          {"display_name", r.str(2)},
          {"role", json::object{{"code", r.str(3)}, {"name", l == lang::zh ? r.str(4) : r.str(5)}}},
          {"org_unit", json::object{{"id", r.i64(6)}, {"name", r.str(7)}}},
          {"active", r.i64(8) != 0},
          {"locked_until", is_locked ? ts(9) : json::value(nullptr)},
          {"last_login_at", ts(10)},
          {"version", r.i64(11)},
          // Work phones are called from the alert board; elsewhere they are shown masked.
          {"phone_masked",
           r.str(12).empty() ? json::value(nullptr) : json::value(phone::mask(r.str(12)))},
          // When the user last said the number is right (GET/PUT /me/phone); null: never, or
          // changed by someone else since.
          {"phone_confirmed_at", ts(13)}};
}

// `phone` from a body: absent → nullopt; null or "" → "" (clear); else normalized (or a
// field error).
std::optional<std::string> read_phone(reader& rd) {
  if (!rd.has("phone")) return std::nullopt;
  auto p = rd.nullable_text("phone", 32);
  if (!p) return std::nullopt;
  if (p->empty()) return std::string();
  auto n = phone::normalize(*p, "phone");
  if (!n) {
    rd.add_error("phone", n.err().code, n.err().message);
    return std::nullopt;
  }
  return *n;
}

// The unit must be visible to the caller; unit_tree callers may not grant
// roles that see the whole sub-district.
status check_grant(db::connection& c, const sys::principal& who, std::int64_t org_unit_id,
                   const std::string& role) {
  if (who.data_scope != "all" && (role == "street_admin" || role == "auditor"))
    return error::make(errc::forbidden, "auth.forbidden",
                       "Only a sub-district admin grants this role");
  db::params args{org_unit_id};
  std::string scope = sys::org_write_scope_sql(who, "o", args);
  auto u = c.maybe_one(
      "SELECT o.id FROM org_units o WHERE o.id = ? AND o.archived = 0 AND " + scope, args);
  if (!u) return std::move(u).err();
  if (!*u) return error::invalid("validation.enum", "org_unit_id", "no such unit in your scope");
  return {};
}

result<db::row> load_user(db::connection& c, std::int64_t id) {
  return c.one(std::string("SELECT ") + k_user_cols +
                   " FROM users u JOIN roles r ON r.code = u.role_code JOIN org_units o ON "
                   "o.id = u.org_unit_id WHERE u.id = ?",
               {id});
}

}  // namespace

void register_user_routes(router& r) {
  r.add("GET", "/api/v1/roles", "system:user:view", [](context& ctx) -> result<response> {
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto roles = (*c)->query("SELECT code, name_zh, name_en, data_scope FROM roles ORDER BY sort");
    if (!roles) return std::move(roles).err();
    auto perms =
        (*c)->query("SELECT role_code, permission FROM role_permissions ORDER BY permission");
    if (!perms) return std::move(perms).err();
    json::array items;
    for (const auto& ro : *roles) {
      json::array ps;
      for (const auto& p : *perms)
        if (p.str(0) == ro.str(0)) ps.emplace_back(p.str(1));
      items.push_back(json::object{{"code", ro.str(0)},
                                   {"name", ctx.language == lang::zh ? ro.str(1) : ro.str(2)},
                                   {"data_scope", ro.str(3)},
                                   {"permissions", std::move(ps)}});
    }
    return json_response(200, json::object{{"items", std::move(items)}});
  });

  r.add("GET", "/api/v1/users", "system:user:view", [](context& ctx) -> result<response> {
    auto pg = page_params(ctx, 20, 200);
    if (!pg) return std::move(pg).err();
    auto [page, size] = *pg;
    db::params args;
    // Users of units above the caller's own are not theirs to see.
    std::string where = sys::org_write_scope_sql(ctx.who(), "o", args);
    if (auto q = ctx.q("q")) {
      // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      where +=
          " AND (lower(u.username) LIKE lower(?) ESCAPE '\\' OR lower(u.display_name) LIKE "
          "lower(?) ESCAPE '\\')";
      args.emplace_back(db::like_contains(*q));
      args.emplace_back(db::like_contains(*q));
    }
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    std::string from =
        " FROM users u JOIN roles r ON r.code = u.role_code "
        "JOIN org_units o ON o.id = u.org_unit_id WHERE " +
        where;
    auto total = (*c)->one("SELECT COUNT(*)" + from, args);
    if (!total) return std::move(total).err();
    auto qargs = args;
    qargs.emplace_back(size);
    qargs.emplace_back((page - 1) * size);
    auto rows = (*c)->query(
        std::string("SELECT ") + k_user_cols + from + " ORDER BY u.id LIMIT ? OFFSET ?", qargs);
    if (!rows) return std::move(rows).err();
    json::array items;
    for (const auto& row : *rows) items.push_back(user_json(row, ctx.language));
    return json_response(
        200,
        json::object{
            {"items", std::move(items)}, {"total", total->i64(0)}, {"page", page}, {"size", size}});
  });

  r.add("POST", "/api/v1/users", "system:user:edit", [](context& ctx) -> result<response> {
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto username = rd.text("username", true, 32);
    auto display = rd.text("display_name", true, 32);
    auto role = rd.one_of("role", true, k_roles);
    auto org = rd.integer("org_unit_id", true, 1);
    auto password = rd.text("password", true, 128);
    auto phone_v = read_phone(rd);
    static const std::regex name_re("^[A-Za-z0-9_.]{3,32}$");
    if (username && !std::regex_match(*username, name_re))
      rd.add_error("username", "user.username_invalid", "3-32 letters, digits, _ or .");
    if (username && password) {
      auto pw = sys::auth_service::check_password_rule(*username, *password, "password");
      if (!pw) rd.add_error("password", pw.err().code, pw.err().message);
    }
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto& conn = **c;
    EC_TRY(check_grant(conn, ctx.who(), *org, *role));
    auto id = db::in_transaction(conn, [&]() -> result<std::int64_t> {
      auto uid = ctx.svc.auth.create_user(conn, *username, *display, *role, *org, *password, true);
      if (!uid) {
        auto e = std::move(uid).err();
        if (e.code == "user.username_taken") e.field = "username";
        return e;
      }
      if (phone_v && !phone_v->empty()) {
        auto up = conn.exec("UPDATE users SET phone = ? WHERE id = ?", {*phone_v, *uid});
        if (!up) return std::move(up).err();
      }
      json::object ch{{"username", json::array{nullptr, json::string(*username)}},
                      {"role", json::array{nullptr, json::string(*role)}}};
      if (phone_v && !phone_v->empty())
        ch["phone"] = json::array{nullptr, json::string(phone::mask(*phone_v))};
      EC_TRY(sys::audit(conn, &ctx.who(), ctx.req.remote_ip,
                        {"create",
                         "user",
                         std::to_string(*uid),
                         {"created user " + *username, "新增用户 " + *username},
                         ch}));
      return *uid;
    });
    if (!id) return std::move(id).err();
    auto row = load_user(conn, *id);
    if (!row) return std::move(row).err();
    return json_response(201, user_json(*row, ctx.language));
  });

  r.add("GET", "/api/v1/users/{id}", "system:user:view", [](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    db::params args{*id};
    // The same scope as the list.
    std::string scope = sys::org_write_scope_sql(ctx.who(), "o", args);
    auto row = (*c)->maybe_one(std::string("SELECT ") + k_user_cols +
                                   " FROM users u JOIN roles r ON r.code = u.role_code JOIN "
                                   "org_units o ON o.id = u.org_unit_id WHERE u.id = ? AND " +
                                   scope,
                               args);
    if (!row) return std::move(row).err();
    if (!*row) return not_found();
    return json_response(200, user_json(**row, ctx.language));
  });

  r.add("PUT", "/api/v1/users/{id}", "system:user:edit", [](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto display = rd.text("display_name", false, 32);
    auto role = rd.one_of("role", false, k_roles);
    auto org = rd.integer("org_unit_id", false, 1);
    auto active = rd.boolean("active", false);
    auto unlock = rd.boolean("unlock", false);
    auto phone_v = read_phone(rd);
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto& conn = **c;
    db::params args{*id};
    // Users of units above the caller's own are not theirs to manage.
    std::string scope = sys::org_write_scope_sql(ctx.who(), "o", args);
    auto cur =
        conn.maybe_one(std::string("SELECT ") + k_user_cols +
                           " FROM users u JOIN roles r ON r.code = u.role_code JOIN org_units o "
                           "ON o.id = u.org_unit_id WHERE u.id = ? AND " +
                           scope,
                       args);
    if (!cur) return std::move(cur).err();
    if (!*cur) return not_found();
    const auto& old = **cur;
    if (*id == ctx.who().user_id && ((active && !*active) || (role && *role != old.str(3))))
      return error::invalid("user.self_change", active ? "active" : "role",
                            "you cannot deactivate yourself or change your own role");
    auto new_role = role.value_or(old.str(3));
    auto new_org = org.value_or(old.i64(6));
    if (role || org) EC_TRY(check_grant(conn, ctx.who(), new_org, new_role));
    auto st = db::in_transaction(conn, [&]() -> status {
      auto up = conn.exec(
          std::string(
              "UPDATE users SET display_name = ?, role_code = ?, org_unit_id = ?, active = ?, "
              "phone = ?, phone_confirmed_at = CASE WHEN phone = ? THEN phone_confirmed_at ELSE "
              "NULL END, ") +
              (unlock && *unlock ? "failed_logins = 0, locked_until = NULL, " : "") +
              "version = version + 1, updated_at = ? WHERE id = ?",
          {display.value_or(old.str(2)), new_role, new_org,
           std::int64_t{active ? (*active ? 1 : 0) : old.i64(8)}, phone_v.value_or(old.str(12)),
           // A number someone else typed is not the user's confirmation.
           phone_v.value_or(old.str(12)), timeutil::now_unix_ms(), *id});
      if (!up) return std::move(up).err();
      if (active && !*active) {
        auto s = conn.exec("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {*id});
        if (!s) return std::move(s).err();
      }
      json::object ch;
      sys::diff_field(ch, "display_name", old.str(2), display.value_or(old.str(2)));
      sys::diff_field(ch, "role", old.str(3), new_role);
      sys::diff_field(ch, "org_unit_id", old.str(6), std::to_string(new_org));
      sys::diff_field(ch, "active", old.i64(8) ? "true" : "false",
                      active ? (*active ? "true" : "false") : (old.i64(8) ? "true" : "false"));
      if (phone_v) {
        sys::diff_field(ch, "phone", old.str(12).empty() ? "" : phone::mask(old.str(12)),
                        phone_v->empty() ? "" : phone::mask(*phone_v));
        if (*phone_v != old.str(12) && !old.is_null(13))
          ch["phone_confirmed_at"] =
              json::array{json::string(timeutil::iso8601_shanghai(old.i64(13))), nullptr};
      }
      if (unlock && *unlock) ch["locked_until"] = json::array{old.str(9), nullptr};
      return sys::audit(conn, &ctx.who(), ctx.req.remote_ip,
                        {"update",
                         "user",
                         std::to_string(*id),
                         {"updated user " + old.str(1), "修改用户 " + old.str(1)},
                         ch});
    });
    if (!st) return std::move(st).err();
    ctx.svc.auth.invalidate_user(*id);
    auto row = load_user(conn, *id);
    if (!row) return std::move(row).err();
    return json_response(200, user_json(*row, ctx.language));
  });

  r.add("POST", "/api/v1/users/{id}/reset-password", "system:user:edit",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto& conn = **c;
          db::params args{*id};
          // Users of units above the caller's own are not theirs to manage.
          std::string scope = sys::org_write_scope_sql(ctx.who(), "o", args);
          auto cur = conn.maybe_one(
              "SELECT u.username FROM users u JOIN org_units o ON o.id = u.org_unit_id "
              "WHERE u.id = ? AND " +
                  scope,
              args);
          if (!cur) return std::move(cur).err();
          if (!*cur) return not_found();
          auto temp = crypto::random_password(14);
          auto hash = crypto::hash_password(temp);
          auto st = db::in_transaction(conn, [&]() -> status {
            auto up = conn.exec(
                "UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, "
                "locked_until = NULL, version = version + 1, updated_at = ? WHERE id = ?",
                {hash, timeutil::now_unix_ms(), *id});
            if (!up) return std::move(up).err();
            auto s = conn.exec("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {*id});
            if (!s) return std::move(s).err();
            return sys::audit(
                conn, &ctx.who(), ctx.req.remote_ip,
                {"password_reset",
                 "user",
                 std::to_string(*id),
                 {"reset password of " + (*cur)->str(0), "重置 " + (*cur)->str(0) + " 的密码"},
                 {}});
          });
          if (!st) return std::move(st).err();
          ctx.svc.auth.invalidate_user(*id);
          return json_response(200, json::object{{"temporary_password", temp}});
        });
}

}  // namespace ec::api
