// The catalog module's public contract (服务目录): the home-service items that orders,
// subsidies and settlements refer to. The only header of modules/catalog/ that others include.
//
// Thread-safety: free functions over a connection the caller owns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace ec::catalog {

// Service categories of GB/T 43153-2023, as stored.
inline const std::vector<std::string_view> k_categories = {
    "life_care", "basic_care", "health", "visiting", "comfort", "errands", "retrofit"};
inline const std::vector<std::string_view> k_units = {"visit", "hour"};

struct service_item {
  std::int64_t id = 0;
  std::string category;  // k_categories
  std::string name;      // 助餐, 助洁, …
  std::string unit;      // visit | hour
  std::int64_t duration_min = 0;
  std::int64_t price_fen = 0;
  std::string qualification;  // e.g. 养老护理员; "" when none is needed
  bool active = true;
  std::int64_t version = 1;
};

// The item with this id, retired or not; nullopt when there is none.
result<std::optional<service_item>> find_item(db::connection& c, std::int64_t id);

}  // namespace ec::catalog
