#include "modules/system/principal.hpp"

namespace ec::sys {

std::string prefix_upper_bound(std::string_view prefix) {
  std::string s(prefix);
  // Paths end with '/', so bumping the last byte gives the first string that
  // no longer starts with the prefix.
  if (!s.empty()) s.back() = static_cast<char>(s.back() + 1);
  return s;
}

std::string elder_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  std::string a(alias);
  if (p.data_scope == "all") return "1=1";
  if (p.data_scope == "unit_tree") {
    args.emplace_back(p.org_path);
    args.emplace_back(prefix_upper_bound(p.org_path));
    return "(" + a + ".org_path >= ? AND " + a + ".org_path < ?)";
  }
  args.emplace_back(p.user_id);
  return a + ".id IN (SELECT elder_id FROM user_elder_links WHERE user_id = ?)";
}

std::string device_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  std::string a(alias);
  if (p.data_scope == "all") return "1=1";
  if (p.data_scope == "unit_tree") {
    args.emplace_back(p.org_path);
    args.emplace_back(prefix_upper_bound(p.org_path));
    return "(" + a + ".org_path >= ? AND " + a + ".org_path < ?)";
  }
  args.emplace_back(p.user_id);
  return a + ".elder_id IN (SELECT elder_id FROM user_elder_links WHERE user_id = ?)";
}

std::string alert_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  return device_scope_sql(p, alias, args);  // the same two columns, the same rules
}

std::string org_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  std::string a(alias);
  if (p.data_scope == "all") return "1=1";
  if (p.data_scope == "unit_tree") {
    args.emplace_back(p.org_path);
    args.emplace_back(prefix_upper_bound(p.org_path));
    args.emplace_back(p.org_path);
    // Below the user's unit, or one of its ancestors (so the tree has a root).
    return "((" + a + ".path >= ? AND " + a + ".path < ?) OR substr(?, 1, length(" + a +
           ".path)) = " + a + ".path)";
  }
  args.emplace_back(p.org_unit_id);
  return a + ".id = ?";
}

std::string org_write_scope_sql(const principal& p, std::string_view alias, db::params& args) {
  std::string a(alias);
  if (p.data_scope == "all") return "1=1";
  if (p.data_scope == "unit_tree") {
    args.emplace_back(p.org_path);
    args.emplace_back(prefix_upper_bound(p.org_path));
    return "(" + a + ".path >= ? AND " + a + ".path < ?)";
  }
  return "1=0";
}

}  // namespace ec::sys
