// The org tree 街道 → 社区/村 → 网格/楼栋 (internal to the system module; routes_org.cpp calls
// these): scoped reads, create, rename and archive, each write one transaction with its audit
// entry.
//
// Scope: reads see the caller's unit, its ancestors and below (org_scope_sql); writes touch
// only the caller's unit and below (org_write_scope_sql); anything else is not_found.
//
// Failure: errc::invalid "org.invalid_parent" (field parent_id); errc::conflict
// "org.name_duplicate", "org.not_empty", "conflict.stale_version"; errc::not_found.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::sys {

inline const std::vector<std::string_view> k_child_unit_kinds = {"community", "village", "grid",
                                                                 "building"};

struct org_unit {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;  // none for the sub-district
  std::string kind;                       // street | community | village | grid | building
  std::string name, code;
  std::int64_t sort = 0;
  std::int64_t version = 0;
  std::string path;              // "/1/4/"
  std::int64_t elder_count = 0;  // active elders at or below, in the caller's scope (list only)
};

struct org_unit_create {
  std::int64_t parent_id = 0;
  std::string kind, name, code;
  std::int64_t sort = 0;
};

// Absent: unchanged.
struct org_unit_change {
  std::optional<std::string> name, code;
  std::optional<std::int64_t> sort;
  std::int64_t version = 0;
};

// The units the caller may read, ordered by sort and id, with their active elders counted up
// the tree (only elders in the caller's scope).
result<std::vector<org_unit>> list_org_units(db::connection& c, const principal& who);
result<org_unit> create_org_unit(db::connection& c, const principal& who, const std::string& ip,
                                 const org_unit_create& in);
result<org_unit> update_org_unit(db::connection& c, const principal& who, const std::string& ip,
                                 std::int64_t id, const org_unit_change& in);
// Archiving replaces deletion: the unit leaves the tree and pickers but stays for the audit log
// and old records. Only an empty unit (no sub-units, elders or active users) is archived.
status archive_org_unit(db::connection& c, const principal& who, const std::string& ip,
                        std::int64_t id, std::int64_t version);

// The unit's JSON, the one shape every response uses.
boost::json::object unit_json(const org_unit& u);

}  // namespace ec::sys
