// Who is calling: the signed-in user with role, permissions and data scope.
// Built by auth_service from the session; read-only afterwards.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "db/db.hpp"

namespace ec::sys {

struct principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string role_code;
  std::string role_name_zh;
  std::string role_name_en;
  std::int64_t org_unit_id = 0;
  std::string org_name;
  std::string org_kind;
  std::string org_path;    // "/1/4/"
  std::string data_scope;  // all | unit_tree | self
  std::set<std::string, std::less<>> permissions;
  std::string csrf_token;
  std::string token_hash;
  bool must_change_password = false;
  std::int64_t expires_at = 0;
  std::string ip;

  bool can(std::string_view perm) const { return permissions.contains(perm); }
};

// A SQL condition restricting rows to what `p` may see, on a table aliased
// `alias` that has `org_path` and `id` columns of elders. Appends its
// parameters to `args`. Enforced in SQL so that no route can forget it.
std::string elder_scope_sql(const principal& p, std::string_view alias, db::params& args);

// Same for devices (alias with `org_path` and `elder_id` columns): all → everything;
// unit_tree → devices whose org_path is at or below the user's unit (a bound device carries
// its elder's path, a device in stock the unit that holds it); self → devices bound to the
// elders linked to the user.
std::string device_scope_sql(const principal& p, std::string_view alias, db::params& args);

// Same for alerts (alias with `org_path` and `elder_id` columns): the alert's own org_path,
// where the elder lived when it was raised, so that whoever sees an alert in a list can also
// open, acknowledge and resolve it, even after the elder moved; self → the linked elders.
std::string alert_scope_sql(const principal& p, std::string_view alias, db::params& args);

// Same for org units (alias with a `path` column): all → everything;
// unit_tree → the user's unit, its ancestors (read-only context) and below.
std::string org_scope_sql(const principal& p, std::string_view alias, db::params& args);

// Org units `p` may change: all for "all"; the user's own unit and below for
// "unit_tree" (never the units above it); none for "self".
std::string org_write_scope_sql(const principal& p, std::string_view alias, db::params& args);

// Upper bound of the prefix range for `prefix` ("/1/4/" → "/1/40").
std::string prefix_upper_bound(std::string_view prefix);

}  // namespace ec::sys
