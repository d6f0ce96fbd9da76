#include "modules/system/principal.hpp"

namespace ec::sys {

std::string prefix_upper_bound(std::string_view prefix) {
  std::string s(prefix);
  // Paths end with '/', so bumping the last byte gives the first string that
  // no longer starts with the prefix.
  if (!s.empty()) s.back() = static_cast<char>(s.back() + 1);
  return s;
}

std::string scope_sql(const principal& p, const scope_columns& cols, db::params& args) {
  const std::string& scope = p.data_scope;
  if (scope == "all") return "1=1";
  if (scope == "unit_tree" && !cols.path.empty()) {
    std::string col(cols.path);
    args.emplace_back(p.org_path);
    args.emplace_back(prefix_upper_bound(p.org_path));
    std::string below = "(" + col + " >= ? AND " + col + " < ?)";
    if (!cols.with_ancestors) return below;
    // Or one of the ancestors of the user's unit: a prefix of its path.
    args.emplace_back(p.org_path);
    return "(" + below + " OR substr(?, 1, length(" + col + ")) = " + col + ")";
  }
  auto linked = [&]() {
    args.emplace_back(p.user_id);
    return std::string(cols.owner_elder) +
           " IN (SELECT elder_id FROM user_elder_links WHERE user_id = ?)";
  };
  if (scope == "self") {
    if (!cols.owner_elder.empty()) return linked();
    if (!cols.unit_id.empty()) {
      args.emplace_back(p.org_unit_id);
      return std::string(cols.unit_id) + " = ?";
    }
  }
  if (scope == "provider" && !cols.provider.empty()) {
    args.emplace_back(p.org_unit_id);
    return std::string(cols.provider) + " = ?";
  }
  if (scope == "assigned") {
    if (!cols.assignee.empty()) {
      args.emplace_back(p.user_id);
      return std::string(cols.assignee) + " = ?";
    }
    if (!cols.owner_elder.empty()) return linked();
  }
  return "1=0";
}

namespace {
std::string col(std::string_view alias, std::string_view name) {
  return std::string(alias) + "." + std::string(name);
}
}  // namespace

std::string elder_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  auto path = col(alias, "org_path"), id = col(alias, "id");
  return scope_sql(p, {.path = path, .owner_elder = id}, args);
}

std::string device_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  auto path = col(alias, "org_path"), elder = col(alias, "elder_id");
  return scope_sql(p, {.path = path, .owner_elder = elder}, args);
}

std::string alert_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  return device_scope_sql(p, alias, args);  // the same two columns, the same rules
}

std::string org_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  auto path = col(alias, "path"), id = col(alias, "id");
  return scope_sql(p, {.path = path, .unit_id = id, .with_ancestors = true}, args);
}

std::string org_write_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  auto path = col(alias, "path");
  return scope_sql(p, {.path = path}, args);
}

result<std::optional<db::row>> maybe_one_in_scope(db::connection& c, const principal& p,
                                                  scope_sql_fn scope, std::string_view alias,
                                                  std::string sql, db::params args) {
  sql += " AND ";
  sql += scope(p, alias, args);
  return c.maybe_one(sql, args);
}

}  // namespace ec::sys
