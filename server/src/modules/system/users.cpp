#include "modules/system/users.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "api/live_hub.hpp"
#include "api/services.hpp"
#include "core/crypto.hpp"
#include "core/phone.hpp"
#include "core/timeutil.hpp"

namespace ec::sys {
namespace json = boost::json;

namespace {

constexpr const char* k_user_cols =
    "u.id, u.username, u.display_name, u.role_code, r.name_zh, r.name_en, u.org_unit_id, o.name, "
    "u.active, u.locked_until, u.last_login_at, u.version, u.phone, u.phone_confirmed_at";
constexpr const char* k_user_from =
    " FROM users u JOIN roles r ON r.code = u.role_code JOIN org_units o ON o.id = u.org_unit_id";

user from_row(const db::row& r) {
  user u;
  r.read(0, u.id, u.username, u.display_name, u.role_code, u.role_name_zh, u.role_name_en,
         u.org_unit_id, u.org_unit_name, u.active, u.locked_until, u.last_login_at, u.version,
         u.phone, u.phone_confirmed_at);
  return u;
}

error not_grantable(const std::string& message) {
  return error::make(errc::forbidden, "user.role_not_grantable", message);
}

// The user with this id if `who` may manage them (at or below the caller's unit), else
// nullopt.
result<std::optional<user>> find_managed(db::connection& c, const principal& who, std::int64_t id) {
  // Users of units above the caller's own are not theirs to see or manage.
  auto row = maybe_one_in_scope(
      c, who, org_write_scope_sql, "o",
      std::string("SELECT ") + k_user_cols + k_user_from + " WHERE u.id = ?", {id});
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<user>();
  return std::optional<user>(from_row(**row));
}

result<user> load(db::connection& c, std::int64_t id) {
  auto row = c.one(std::string("SELECT ") + k_user_cols + k_user_from + " WHERE u.id = ?", {id});
  if (!row) return std::move(row).err();
  return from_row(*row);
}

// The role is grantable and the unit a non-archived one the caller may change.
status check_grant(db::connection& c, const principal& who, std::int64_t org_unit_id,
                   const std::string& role) {
  EC_TRY(grantable(c, who, role));
  auto u = maybe_one_in_scope(c, who, org_write_scope_sql, "o",
                              "SELECT o.id FROM org_units o WHERE o.id = ? AND o.archived = 0",
                              {org_unit_id});
  if (!u) return std::move(u).err();
  if (!*u) return error::invalid("validation.enum", "org_unit_id", "no such unit in your scope");
  return {};
}

// A role may be granted when the caller manages users at all, the caller's scope covers the
// role's reach and the role holds no permission the caller lacks (`perms`: the role's
// permissions). grantable() below is the same rule for the routes that require
// system:user:edit already.
bool may_grant(const principal& who, const std::string& role,
               const std::vector<std::string>& perms) {
  if (!who.can("system:user:edit")) return false;
  if (who.data_scope != "all" && (role == "street_admin" || role == "auditor")) return false;
  return std::all_of(perms.begin(), perms.end(), [&](const auto& p) { return who.can(p); });
}

std::string masked(const std::string& phone) {
  return phone.empty() ? std::string() : phone::mask(phone);
}

}  // namespace

status grantable(db::connection& c, const principal& who, const std::string& role) {
  if (who.data_scope != "all" && (role == "street_admin" || role == "auditor"))
    return not_grantable("Only a sub-district admin grants this role or manages its users");
  auto perms = c.query("SELECT permission FROM role_permissions WHERE role_code = ?", {role});
  if (!perms) return std::move(perms).err();
  for (const auto& p : *perms)
    if (!who.can(p.str(0)))
      return not_grantable("The role " + role + " holds " + p.str(0) +
                           ", which you lack: you cannot grant it or manage its users");
  return {};
}

result<std::vector<role_info>> list_roles(db::connection& c, const principal& who) {
  auto roles = c.query("SELECT code, name_zh, name_en, data_scope FROM roles ORDER BY sort");
  if (!roles) return std::move(roles).err();
  auto perms = c.query("SELECT role_code, permission FROM role_permissions ORDER BY permission");
  if (!perms) return std::move(perms).err();
  std::vector<role_info> out;
  for (const auto& ro : *roles) {
    role_info r{ro.str(0), ro.str(1), ro.str(2), ro.str(3), {}, false};
    for (const auto& p : *perms)
      if (p.str(0) == r.code) r.permissions.push_back(p.str(1));
    r.grantable = may_grant(who, r.code, r.permissions);
    out.push_back(std::move(r));
  }
  return out;
}

result<user_page> list_users(db::connection& c, const principal& who, const user_filter& f) {
  db::params args;
  // Users of units above the caller's own are not theirs to see.
  std::string where = org_write_scope_sql(who, "o", args);
  if (f.q) {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    where +=
        " AND (lower(u.username) LIKE lower(?) ESCAPE '\\' OR lower(u.display_name) LIKE "
        "lower(?) ESCAPE '\\')";
    args.emplace_back(db::like_contains(*f.q));
    args.emplace_back(db::like_contains(*f.q));
  }
  std::string from = std::string(k_user_from) + " WHERE " + where;
  auto total = c.one("SELECT COUNT(*)" + from, args);
  if (!total) return std::move(total).err();
  args.emplace_back(f.size);
  args.emplace_back((f.page - 1) * f.size);
  auto rows = c.query(
      std::string("SELECT ") + k_user_cols + from + " ORDER BY u.id LIMIT ? OFFSET ?", args);
  if (!rows) return std::move(rows).err();
  user_page out;
  out.total = total->i64(0);
  for (const auto& row : *rows) out.items.push_back(from_row(row));
  return out;
}

result<user> get_user(db::connection& c, const principal& who, std::int64_t id) {
  auto u = find_managed(c, who, id);
  if (!u) return std::move(u).err();
  if (!*u) return not_found();
  return std::move(**u);
}

result<user> create_user(api::services& svc, db::connection& c, const principal& who,
                         const std::string& ip, const user_create& in) {
  EC_TRY(check_grant(c, who, in.org_unit_id, in.role));
  auto id = db::in_transaction(c, [&]() -> result<std::int64_t> {
    auto uid = svc.auth.create_user(c, in.username, in.display_name, in.role, in.org_unit_id,
                                    in.password, true);
    if (!uid) {
      auto e = std::move(uid).err();
      if (e.code == "user.username_taken") e.field = "username";
      return e;
    }
    if (!in.phone.empty()) {
      auto up = c.exec("UPDATE users SET phone = ? WHERE id = ?", {in.phone, *uid});
      if (!up) return std::move(up).err();
    }
    json::object ch{{"username", json::array{nullptr, json::string(in.username)}},
                    {"role", json::array{nullptr, json::string(in.role)}}};
    if (!in.phone.empty()) ch["phone"] = json::array{nullptr, json::string(masked(in.phone))};
    EC_TRY(audit(c, &who, ip,
                 {"create",
                  "user",
                  std::to_string(*uid),
                  {"created user " + in.username, "新增用户 " + in.username},
                  ch}));
    return *uid;
  });
  if (!id) return std::move(id).err();
  return load(c, *id);
}

result<user> update_user(api::services& svc, db::connection& c, const principal& who,
                         const std::string& ip, std::int64_t id, const user_change& in) {
  auto cur = find_managed(c, who, id);
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  const user& old = **cur;
  if (id == who.user_id && ((in.active && !*in.active) || (in.role && *in.role != old.role_code)))
    return error::invalid("user.self_change", in.active ? "active" : "role",
                          "you cannot deactivate yourself or change your own role");
  // The target as it is must be one the caller could have created, whatever changes: no
  // editing (or deactivating, or re-phoning) an account that holds more rights than the caller.
  EC_TRY(grantable(c, who, old.role_code));
  auto new_role = in.role.value_or(old.role_code);
  auto new_org = in.org_unit_id.value_or(old.org_unit_id);
  if (in.role || in.org_unit_id) EC_TRY(check_grant(c, who, new_org, new_role));
  auto new_display = in.display_name.value_or(old.display_name);
  bool new_active = in.active.value_or(old.active);
  auto new_phone = in.phone.value_or(old.phone);
  bool unlock = in.unlock.value_or(false);
  auto st = db::in_transaction(c, [&]() -> status {
    auto up =
        c.exec(std::string(
                   "UPDATE users SET display_name = ?, role_code = ?, org_unit_id = ?, active = ?, "
                   "phone = ?, phone_confirmed_at = CASE WHEN phone = ? THEN phone_confirmed_at "
                   "ELSE NULL END, ") +
                   (unlock ? "failed_logins = 0, locked_until = NULL, " : "") +
                   "version = version + 1, updated_at = ? WHERE id = ?",
               {new_display, new_role, new_org, std::int64_t{new_active ? 1 : 0}, new_phone,
                // A number someone else typed is not the user's confirmation.
                new_phone, timeutil::now_unix_ms(), id});
    if (!up) return std::move(up).err();
    if (in.active && !*in.active) {
      auto s = c.exec("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {id});
      if (!s) return std::move(s).err();
    }
    json::object ch;
    diff_field(ch, "display_name", old.display_name, new_display);
    diff_field(ch, "role", old.role_code, new_role);
    diff_field(ch, "org_unit_id", std::to_string(old.org_unit_id), std::to_string(new_org));
    diff_field(ch, "active", old.active ? "true" : "false", new_active ? "true" : "false");
    if (in.phone) {
      diff_field(ch, "phone", masked(old.phone), masked(new_phone));
      if (new_phone != old.phone && old.phone_confirmed_at)
        ch["phone_confirmed_at"] =
            json::array{json::string(timeutil::iso8601_shanghai(*old.phone_confirmed_at)), nullptr};
    }
    if (unlock)
      ch["locked_until"] = json::array{
          old.locked_until ? json::value(std::to_string(*old.locked_until)) : json::value(""),
          nullptr};
    return audit(c, &who, ip,
                 {"update",
                  "user",
                  std::to_string(id),
                  {"updated user " + old.username, "修改用户 " + old.username},
                  ch});
  });
  if (!st) return std::move(st).err();
  bool scope_changed =
      new_role != old.role_code || new_org != old.org_unit_id || new_active != old.active;
  user_changed(svc, id, scope_changed);
  return load(c, id);
}

result<std::string> reset_password(api::services& svc, db::connection& c, const principal& who,
                                   const std::string& ip, std::int64_t id) {
  auto cur = find_managed(c, who, id);
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  const user& target = **cur;
  // A reset takes the account over: only for a role the caller could grant.
  EC_TRY(grantable(c, who, target.role_code));
  auto temp = crypto::random_password(14);
  auto hash = crypto::hash_password(temp);
  auto st = db::in_transaction(c, [&]() -> status {
    auto up = c.exec(
        "UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, "
        "locked_until = NULL, version = version + 1, updated_at = ? WHERE id = ?",
        {hash, timeutil::now_unix_ms(), id});
    if (!up) return std::move(up).err();
    auto s = c.exec("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {id});
    if (!s) return std::move(s).err();
    return audit(c, &who, ip,
                 {"password_reset",
                  "user",
                  std::to_string(id),
                  {"reset password of " + target.username, "重置 " + target.username + " 的密码"},
                  {}});
  });
  if (!st) return std::move(st).err();
  user_changed(svc, id, true);
  return temp;
}

void user_changed(api::services& svc, std::int64_t id, bool scope_changed,
                  const std::string& keep_token_hash) {
  svc.auth.invalidate_user(id);
  if (scope_changed && svc.live) svc.live->close_user(id, keep_token_hash);
}

json::object user_json(const user& u, api::lang l) {
  auto ts = [](const std::optional<std::int64_t>& t) {
    return t ? json::value(timeutil::iso8601_shanghai(*t)) : json::value(nullptr);
  };
  bool is_locked = u.locked_until && *u.locked_until > timeutil::now_unix_ms();
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", json::object{{"code", u.role_code},
                                {"name", l == api::lang::zh ? u.role_name_zh : u.role_name_en}}},
          {"org_unit", json::object{{"id", u.org_unit_id}, {"name", u.org_unit_name}}},
          {"active", u.active},
          {"locked_until", is_locked ? ts(u.locked_until) : json::value(nullptr)},
          {"last_login_at", ts(u.last_login_at)},
          {"version", u.version},
          // Work phones are called from the alert board; elsewhere they are shown masked.
          {"phone_masked", u.phone.empty() ? json::value(nullptr) : json::value(masked(u.phone))},
          // When the user last said the number is right (GET/PUT /me/phone); null: never, or
          // changed by someone else since.
          {"phone_confirmed_at", ts(u.phone_confirmed_at)}};
}

json::object role_json(const role_info& r, api::lang l) {
  json::array ps;
  for (const auto& p : r.permissions) ps.emplace_back(p);
  return {{"code", r.code},
          {"name", l == api::lang::zh ? r.name_zh : r.name_en},
          {"data_scope", r.data_scope},
          {"permissions", std::move(ps)},
          {"grantable", r.grantable}};
}

}  // namespace ec::sys
