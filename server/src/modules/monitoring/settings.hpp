// Monitoring settings in the database: rule thresholds per device type (threshold_settings) and
// per elder (elder_thresholds), and escalation plans per community (escalation_plans, the row
// with community_id NULL being the sub-district default). The service reads the same tables
// (service.cpp load_settings); effective values are computed the same way here:
//   type:  resolve(type, type overrides), or the type's defaults if that does not validate;
//   elder: merge(type effective, elder overrides), kept only if it validates.
//
// Writes check `version` (0 = "there is no row yet"), run in one transaction with their audit
// entry, and return the fresh state; callers then tell the service (settings_changed()).
// Stored overrides that no longer parse are shown as empty and logged, never fatal.
//
// Failure: errc::invalid with field errors (fields prefixed "settings." or named after the
// plan's fields), errc::conflict "conflict.stale_version", errc::not_found for an elder or
// community outside the caller's scope, errc::forbidden for the default plan unless the
// caller's scope is `all`.
// Thread-safety: free functions over the caller's connection.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/db.hpp"
#include "modules/monitoring/escalation.hpp"
#include "modules/monitoring/thresholds.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {

// Overrides loaded for one request.
struct threshold_book {
  std::map<std::string, threshold_overrides> by_type;
  std::map<std::pair<std::int64_t, std::string>, threshold_overrides> by_elder;

  thresholds for_type(device_type t) const;
  thresholds for_elder(device_type t, std::int64_t elder_id) const;
};

// All type overrides and the overrides of the given elders.
result<threshold_book> load_threshold_book(db::connection& c,
                                           const std::vector<std::int64_t>& elder_ids);

struct threshold_entry {
  std::string device_type;
  thresholds defaults;  // built in (type) or the type's effective values (elder)
  threshold_overrides overrides;
  thresholds effective;
  std::int64_t version = 0;  // 0: nothing stored
  std::optional<std::int64_t> updated_at;
  std::optional<std::int64_t> updated_by_id;
  std::string updated_by_name;
};

boost::json::object to_json(const threshold_entry& e);

// One entry per device type, in k_device_types order.
result<std::vector<threshold_entry>> type_thresholds(db::connection& c);
// Replaces one type's overrides (an empty object removes them).
result<threshold_entry> put_type_thresholds(db::connection& c, const sys::principal& who,
                                            const std::string& device_type,
                                            const boost::json::object& settings,
                                            std::int64_t version);

result<std::vector<threshold_entry>> elder_thresholds(db::connection& c, const sys::principal& who,
                                                      std::int64_t elder_id);
result<threshold_entry> put_elder_thresholds(db::connection& c, const sys::principal& who,
                                             std::int64_t elder_id, const std::string& device_type,
                                             const boost::json::object& settings,
                                             std::int64_t version);

struct plan_record {
  std::optional<std::int64_t> community_id;  // nullopt: the sub-district default
  std::string community_name;
  escalation_plan plan;
  std::string station_phone, emergency_phone;
  std::int64_t version = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> updated_by_id;
  std::string updated_by_name;
  bool editable = false;  // the caller may change it
};

boost::json::object to_json(const plan_record& p);

// The default row first, then the communities in the caller's scope that have their own.
result<std::vector<plan_record>> list_plans(db::connection& c, const sys::principal& who);

struct plan_input {
  std::array<std::int64_t, k_escalation_levels> delays_s{};
  std::string station_phone, emergency_phone;  // not yet normalized
  std::int64_t version = 0;
};

// community_id nullopt: the default row (scope `all` only). A community needs org write scope.
result<plan_record> put_plan(db::connection& c, const sys::principal& who,
                             std::optional<std::int64_t> community_id, const plan_input& in);
// Removes a community's own plan (it falls back to the default). The default cannot be removed.
status delete_plan(db::connection& c, const sys::principal& who, std::int64_t community_id,
                   std::optional<std::int64_t> version);

// Maps the engine's field names to the API's: "daytime.start_min" → "daytime.start".
std::string api_threshold_field(std::string_view engine_field);

}  // namespace ec::monitoring
