// The service catalogue (服务目录, modules/catalog) against the real server on SQLite and
// PostgreSQL: the demo's items, filters, create and update with field errors, the duplicate
// name and stale version conflicts, the audit trail, permissions per role, and the module's
// place in the permission catalogue (GET /api/v1/permissions).
#include <gtest/gtest.h>

#include <string>

#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::backend_name;
using it::client;

class Catalog : public it::shared_server_test<Catalog, 40> {
 protected:
  static json::object item(const std::string& name) {
    return {{"category", "life_care"}, {"name", name},      {"unit", "hour"},
            {"duration_min", 60},      {"price_fen", 3500}, {"qualification", ""}};
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Catalog, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Catalog, TheDemoItemsAreListedAndFiltered) {
  auto worker = signed_in("worker");
  auto all = worker.get("/api/v1/service-items");
  ASSERT_EQ(all.status, 200) << all.body;
  auto items = all.json().at("items").as_array();
  ASSERT_GE(items.size(), 10u);
  bool bath = false;
  for (const auto& i : items)
    if (i.at("name") == "助浴") {
      bath = true;
      EXPECT_EQ(i.at("qualification"), "养老护理员");
      EXPECT_EQ(i.at("unit"), "visit");
      EXPECT_EQ(i.at("price_fen").as_int64(), 6000);
    }
  EXPECT_TRUE(bath);
  auto health_list = worker.get("/api/v1/service-items?category=health").json();
  auto health = health_list.at("items").as_array();
  ASSERT_FALSE(health.empty());
  for (const auto& i : health) EXPECT_EQ(i.at("category"), "health");
  auto bad = worker.get("/api/v1/service-items?category=spa");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json().at("error").at("field"), "category");
}

TEST_P(Catalog, CreateUpdateConflictsAndTheAuditTrail) {
  auto admin = signed_in("admin");
  auto name = "助洁（深度）-" + GetParam();
  auto c = admin.post("/api/v1/service-items", item(name));
  ASSERT_EQ(c.status, 201) << c.body;
  auto id = c.json().at("id").as_int64();
  EXPECT_EQ(c.json().at("version").as_int64(), 1);
  EXPECT_EQ(c.json().at("active"), true);

  // The same name in the same category: 409 with the module's own code, in both languages.
  auto dup = admin.post("/api/v1/service-items", item(name));
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.json().at("error").at("code"), "catalog.name_duplicate");
  auto dup_zh = admin.request("POST", "/api/v1/service-items", json::serialize(item(name)),
                              "application/json", {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(dup_zh.json().at("error").at("message"), "该服务类别下已有同名项目") << dup_zh.body;

  // Bad fields: one error per field, named, and nothing written.
  auto bad = item("x");
  bad["unit"] = "day";
  bad["price_fen"] = -1;
  bad["duration_min"] = 0;
  auto b = admin.request("POST", "/api/v1/service-items", json::serialize(bad), "application/json",
                         {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(b.status, 422) << b.body;
  auto details = b.json().at("error").at("details").as_array();
  EXPECT_EQ(details.size(), 3u) << b.body;
  EXPECT_NE(b.body.find("计价单位"), std::string::npos) << b.body;  // the field's Chinese label

  // Update: price and retire; a stale version is 409.
  auto up = item(name);
  up["price_fen"] = 4000;
  up["active"] = false;
  up["version"] = 1;
  auto u = admin.put("/api/v1/service-items/" + std::to_string(id), up);
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.json().at("price_fen").as_int64(), 4000);
  EXPECT_EQ(u.json().at("active"), false);
  auto stale = admin.put("/api/v1/service-items/" + std::to_string(id), up);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.json().at("error").at("code"), "conflict.stale_version");
  auto missing = admin.put("/api/v1/service-items/99999999", up);
  EXPECT_EQ(missing.status, 404) << missing.body;

  // Retired items drop out of the active list but stay listed.
  auto active = admin.get("/api/v1/service-items?active=true").body;
  EXPECT_EQ(active.find(name), std::string::npos);
  EXPECT_NE(admin.get("/api/v1/service-items?active=false").body.find(name), std::string::npos);

  // Both writes are in the audit log, with the changed fields.
  auto a = admin.get("/api/v1/audit?entity=service_item&entity_id=" + std::to_string(id));
  ASSERT_EQ(a.status, 200) << a.body;
  auto entries = a.json().at("items").as_array();
  ASSERT_EQ(entries.size(), 2u) << a.body;
  EXPECT_EQ(entries[0].at("action"), "update");
  EXPECT_NE(json::serialize(entries[0]).find("price_fen"), std::string::npos);
  EXPECT_EQ(entries[1].at("action"), "create");
}

TEST_P(Catalog, OnlyTheSubDistrictEditsAndEveryRoleSeesWhatItMay) {
  for (const auto* user : {"guanzhuang", "provider", "worker", "family", "auditor"}) {
    auto c = signed_in(user);
    EXPECT_EQ(c.get("/api/v1/service-items").status, 200) << user;
    EXPECT_EQ(c.post("/api/v1/service-items", item("x")).status, 403) << user;
  }
  for (const auto* user : {"louzhang", "kitchen"}) {
    auto c = signed_in(user);
    EXPECT_EQ(c.get("/api/v1/service-items").status, 403) << user;
  }
}

TEST_P(Catalog, TheModuleIsInThePermissionCatalogue) {
  auto c = signed_in("family");
  auto r = c.request("GET", "/api/v1/permissions", "", "application/json",
                     {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  auto catalogue = r.json();  // kept: the loop reads into it
  for (const auto& g : catalogue.at("groups").as_array())
    if (g.at("module") == "catalog") {
      found = true;
      EXPECT_EQ(g.at("name"), "服务目录");
      auto perms = g.at("permissions").as_array();
      ASSERT_EQ(perms.size(), 2u);
      EXPECT_EQ(perms[0].at("code"), "catalog:item:view");
      EXPECT_EQ(perms[0].at("name"), "查看服务项目");
    }
  EXPECT_TRUE(found) << r.body;
  // The audit labels name the module's entity; only for readers of the audit log.
  auto admin = signed_in("admin");
  auto l = admin.get("/api/v1/audit/labels");
  ASSERT_EQ(l.status, 200) << l.body;
  EXPECT_EQ(l.json().at("entities").at("service_item"), "Service item");
  EXPECT_EQ(c.get("/api/v1/audit/labels").status, 403);
}

}  // namespace
