// Alerts as the API, the live feed and the webhook show them: the alert JSON of
// docs/MONITORING.md ("Alert JSON"), built by one query for both the REST routes and the
// monitoring service, so the two can never differ.
//
// Failure: database errors pass through; ids that do not exist are skipped.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace ec::monitoring {

struct alert_view {
  std::int64_t id = 0;
  std::int64_t elder_id = 0;
  std::string org_path;  // the elder's, for the live feed's audience
  boost::json::object json;
};

// The views of `ids`, in the order given. No scope check: callers that serve a user filter by
// scope first (the service publishes to the live feed, which filters per connection).
result<std::vector<alert_view>> load_alert_views(db::connection& c,
                                                 const std::vector<std::int64_t>& ids);

}  // namespace ec::monitoring
