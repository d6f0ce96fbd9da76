// Users and roles (internal to the system module; routes_users.cpp calls these): scoped reads,
// create, update and password reset, each write one transaction with its audit entry.
//
// Scope: a caller manages only users at or below their own unit (org_write_scope_sql); any
// other user is not_found. Granting: see grantable(). After a write commits, the user's cached
// sessions are dropped and, when their role, unit, active flag or password changed, their live
// feed sockets are closed (they reconnect with the new scope).
//
// Failure: errc::invalid with field errors; errc::forbidden "user.role_not_grantable" for a
// role the caller may not grant or whose holders the caller may not manage; errc::conflict
// "user.username_taken"; errc::not_found.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/errors.hpp"
#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::api {
struct services;
}

namespace ec::sys {

inline const std::vector<std::string_view> k_roles = {
    "street_admin", "community_staff", "provider_staff", "field_worker",
    "volunteer",    "family",          "kitchen",        "auditor"};

struct user {
  std::int64_t id = 0;
  std::string username, display_name;
  std::string role_code, role_name_zh, role_name_en;
  std::int64_t org_unit_id = 0;
  std::string org_unit_name;
  bool active = true;
  std::optional<std::int64_t> locked_until, last_login_at, phone_confirmed_at;  // unix ms
  std::int64_t version = 0;
  std::string phone;  // full, "" when none; masked by user_json
};

struct role_info {
  std::string code, name_zh, name_en, data_scope;
  std::vector<std::string> permissions;  // sorted
  // Whether the caller of list_roles may grant this role (grantable()).
  bool grantable = false;
};

struct user_filter {
  std::optional<std::string> q;  // part of the user name or display name
  std::int64_t page = 1, size = 20;
};

struct user_page {
  std::vector<user> items;
  std::int64_t total = 0;
};

struct user_create {
  std::string username, display_name, role, password;
  std::int64_t org_unit_id = 0;
  std::string phone;  // normalized, "" for none
};

// Absent: unchanged. `phone` "" clears it.
struct user_change {
  std::optional<std::string> display_name, role, phone;
  std::optional<std::int64_t> org_unit_id;
  std::optional<bool> active, unlock;
};

// The roles, with their permissions, and whether `who` may grant each.
result<std::vector<role_info>> list_roles(db::connection& c, const principal& who);
result<user_page> list_users(db::connection& c, const principal& who, const user_filter& f);
result<user> get_user(db::connection& c, const principal& who, std::int64_t id);

// Whether `who` may grant `role`, or manage (edit, reset) a user who holds it: a caller whose
// scope is not `all` never grants street_admin or auditor, and nobody grants a role holding a
// permission that the caller lacks. forbidden "user.role_not_grantable" otherwise.
status grantable(db::connection& c, const principal& who, const std::string& role);

result<user> create_user(api::services& svc, db::connection& c, const principal& who,
                         const std::string& ip, const user_create& in);
result<user> update_user(api::services& svc, db::connection& c, const principal& who,
                         const std::string& ip, std::int64_t id, const user_change& in);
// A random temporary password, returned once; the user must change it at next sign-in.
result<std::string> reset_password(api::services& svc, db::connection& c, const principal& who,
                                   const std::string& ip, std::int64_t id);

// After a change to user `id` commits: drops their cached sessions and, when `scope_changed`
// (role, unit, active flag, password), closes their live feed sockets except the session
// `keep_token_hash` ("" for none).
void user_changed(api::services& svc, std::int64_t id, bool scope_changed,
                  const std::string& keep_token_hash = "");

// The user's JSON, the one shape every response uses.
boost::json::object user_json(const user& u, api::lang l);
// A role's JSON (GET /roles).
boost::json::object role_json(const role_info& r, api::lang l);

}  // namespace ec::sys
