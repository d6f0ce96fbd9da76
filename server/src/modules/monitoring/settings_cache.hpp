// Thresholds and escalation plans as the writer uses them: read from the database at start
// and again whenever they change (settings_changed), then looked up per device and per
// community without SQL. The settings API (settings.hpp) writes them.
//
// Thread-safety: none; the writer thread owns it.
// Failure: load() passes database errors through and leaves the cache partly filled (the
// caller keeps using it and logs); an unreadable row keeps the defaults for that row.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/monitoring/escalation.hpp"
#include "modules/monitoring/thresholds.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

// A community's escalation plan with the numbers its notices name.
struct plan_info {
  escalation_plan plan;
  std::string station_phone;
  std::string emergency_phone = "120";
};

class settings_cache {
 public:
  // escalation_plans, threshold_settings, elder_thresholds.
  status load(db::connection& c);

  // The type's defaults, with the sub-district's overrides for the type and then the elder's
  // merged over them (each only when valid). elder_id 0: no elder.
  thresholds thresholds_for(device_type t, std::int64_t elder_id) const;

  // The community's plan, else the sub-district default (community_id NULL), else built-in.
  const plan_info& plan_for(std::int64_t community_id) const;

 private:
  std::map<std::int64_t, plan_info> plans_;                    // community id (0: default)
  std::map<std::string, threshold_overrides> type_overrides_;  // by device type name
  std::map<std::pair<std::int64_t, std::string>, threshold_overrides> elder_overrides_;
};

}  // namespace ec::monitoring
