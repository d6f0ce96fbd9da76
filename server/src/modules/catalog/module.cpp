// The catalog module (服务目录): the home-service items of GB/T 43153-2023 with their unit,
// standard duration, price and required qualification. The worked example of
// docs/ARCHITECTURE.md "Adding a module".
#include "api/module.hpp"

#include "demo/demo.hpp"
#include "modules/catalog/routes.hpp"

namespace ec::catalog {

const api::module& module_def() {
  static const api::module m{
      .name = "catalog",
      .title_zh = "服务目录",
      .title_en = "Service catalogue",
      .routes = &register_routes,
      .permissions =
          {
              {"catalog:item:view",
               "查看服务项目",
               "View service items",
               {"street_admin", "community_staff", "provider_staff", "field_worker", "family",
                "auditor"}},
              {"catalog:item:edit", "管理服务项目", "Manage service items", {"street_admin"}},
          },
      .audit_entities = {{"service_item", "服务项目", "Service item"}},
      .fields =
          {
              {"unit", "计价单位", "unit"},
              {"duration_min", "标准时长（分钟）", "duration_min"},
              {"price_fen", "价格", "price_fen"},
              {"qualification", "资质要求", "qualification"},
              {"category", "服务类别", "category"},
          },
      .errors =
          {
              {"catalog.name_duplicate", "该服务类别下已有同名项目",
               "The category already has an item of this name"},
          },
      .demo = &demo::load_catalog,
  };
  return m;
}

}  // namespace ec::catalog
