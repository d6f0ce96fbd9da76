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
  std::string data_scope;  // all | unit_tree | self (| provider | assigned: see scope_sql)
  std::set<std::string, std::less<>> permissions;
  std::string csrf_token;
  std::string token_hash;
  bool must_change_password = false;
  std::int64_t expires_at = 0;
  std::string ip;

  bool can(std::string_view perm) const { return permissions.contains(perm); }
};

// The columns of a query that data scope can look at. `path` is required (a unit path such as
// "/1/4/", compared as a prefix range); the others are optional, and a scope that needs a
// column the query does not name matches no row (fail closed).
struct scope_columns {
  std::string_view path = {};         // the row's unit path: "e.org_path", "o.path"
  std::string_view owner_elder = {};  // the elder the row belongs to: "e.id", "d.elder_id"
  std::string_view unit_id = {};      // the row's own unit id, for org units ("o.id")
  std::string_view provider = {};     // the service provider (org unit id) the row belongs to
  std::string_view assignee = {};     // the user the row is assigned to (a field worker)
  // unit_tree only: also the ancestors of the user's unit (org trees, so that they have a
  // root; read-only context).
  bool with_ancestors = false;
};

// The one data-scope rule: a SQL condition restricting rows to what `p` may see, by the data
// scope of p's role. Appends its parameters to `args`. Enforced in SQL so that no route can
// forget it.
//   all       → every row;
//   unit_tree → rows whose `path` is at or below the user's unit (and its ancestors when
//               `with_ancestors`);
//   self      → rows of the elders linked to the user (user_elder_links: family members,
//               building leaders, a field worker's elders) by `owner_elder`; else, for org
//               units, the user's own unit by `unit_id`;
//   provider  → rows whose `provider` is the user's own organisation (provider staff see
//               their provider's rows only);
//   assigned  → rows whose `assignee` is the user; else, by `owner_elder`, the elders
//               linked to the user.
// Anything else, or a scope whose column is not named, matches nothing.
std::string scope_sql(const principal& p, const scope_columns& cols, db::params& args);

// Shorthands for the tables that exist today, all on scope_sql:
// elders (alias with `org_path` and `id`);
std::string elder_scope_sql(const principal& p, std::string_view alias, db::params& args);
// devices and alerts (alias with `org_path` and `elder_id`; an alert's own org_path is where
// the elder lived when it was raised, so whoever sees it in a list can open and handle it);
std::string device_scope_sql(const principal& p, std::string_view alias, db::params& args);
std::string alert_scope_sql(const principal& p, std::string_view alias, db::params& args);
// org units to read (alias with `path` and `id`): the user's unit, its ancestors and below;
std::string org_scope_sql(const principal& p, std::string_view alias, db::params& args);
// org units (and their users) to change: the user's unit and below, never above; none for
// "self".
std::string org_write_scope_sql(const principal& p, std::string_view alias, db::params& args);

// One of the *_scope_sql shorthands above.
using scope_sql_fn = std::string (*)(const principal&, std::string_view, db::params&);

// The row `sql` selects if it also passes `scope` on `alias`: `sql` ends in a WHERE
// condition (its parameters in `args`), and " AND <scope>" is appended to it. The lookup
// of one row the caller may see (or change).
result<std::optional<db::row>> maybe_one_in_scope(db::connection& c, const principal& p,
                                                  scope_sql_fn scope, std::string_view alias,
                                                  std::string sql, db::params args = {});

// Upper bound of the prefix range for `prefix` ("/1/4/" → "/1/40").
std::string prefix_upper_bound(std::string_view prefix);

}  // namespace ec::sys
