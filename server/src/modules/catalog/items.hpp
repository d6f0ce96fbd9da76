// Service items: list, create, update (internal to the catalog module; routes.cpp calls these).
// Every write is one transaction with its audit entry.
#pragma once

#include <boost/json/object.hpp>

#include "modules/catalog/catalog.hpp"
#include "modules/system/system.hpp"

namespace ec::catalog {

struct item_filter {
  std::optional<std::string> category;
  std::optional<bool> active;
};

// What a create or an update carries, already checked by the route's reader.
struct item_input {
  std::string category, name, unit, qualification;
  std::int64_t duration_min = 0, price_fen = 0;
  bool active = true;
};

result<std::vector<service_item>> list_items(db::connection& c, const item_filter& f);
// Failure: conflict "catalog.name_duplicate" when the category has an item of that name.
result<service_item> create_item(db::connection& c, const sys::principal& who,
                                 const std::string& ip, const item_input& in);
// Failure: not_found; conflict "conflict.stale_version" when `version` is not current;
// conflict "catalog.name_duplicate".
result<service_item> update_item(db::connection& c, const sys::principal& who,
                                 const std::string& ip, std::int64_t id, std::int64_t version,
                                 const item_input& in);

// The item's JSON, the one shape every response uses.
boost::json::object item_json(const service_item& i);

}  // namespace ec::catalog
