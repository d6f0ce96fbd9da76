// sys::scope_sql, the one data-scope rule, on SQLite: each scope kind over a table with a unit
// path, an owner elder, an org unit id, a provider and an assignee column.
#include "modules/system/principal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <vector>

namespace ec::sys {
namespace {

class ScopeSql : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("ec_scope_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    db_ = db::open({"sqlite:" + (dir_ / "t.db").string(), 1, 5000});
    auto c = db_->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    for (const char* sql : {
             "CREATE TABLE t (id INTEGER PRIMARY KEY, path TEXT NOT NULL, unit INTEGER NOT NULL, "
             "elder INTEGER, provider INTEGER, assignee INTEGER)",
             "CREATE TABLE user_elder_links (user_id INTEGER NOT NULL, elder_id INTEGER NOT NULL)",
             // id, path, unit, elder, provider, assignee
             "INSERT INTO t VALUES (1, '/1/', 1, NULL, NULL, NULL), "
             "(2, '/1/4/', 4, 100, 4, 50), (3, '/1/4/9/', 9, 101, 8, 51), "
             "(4, '/1/40/', 40, 102, 4, NULL), (5, '/1/5/', 5, 103, NULL, 50)",
             "INSERT INTO user_elder_links VALUES (50, 101), (50, 103), (51, 100)",
         }) {
      auto r = (*c)->exec(sql);
      ASSERT_TRUE(r.ok()) << r.err().message;
    }
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::vector<std::int64_t> ids(const principal& p, const scope_columns& cols) {
    db::params args;
    auto where = scope_sql(p, cols, args);
    auto c = db_->acquire();
    EXPECT_TRUE(c.ok());
    auto rows = (*c)->query("SELECT id FROM t WHERE " + where + " ORDER BY id", args);
    EXPECT_TRUE(rows.ok()) << rows.err().message << ": " << where;
    std::vector<std::int64_t> out;
    if (rows)
      for (const auto& r : *rows) out.push_back(r.i64(0));
    return out;
  }
  // The caller: user 50 of unit 4 (/1/4/); for scope "provider", unit 4 is their provider.
  static principal who(std::string scope) {
    principal p;
    p.user_id = 50;
    p.org_unit_id = 4;
    p.org_path = "/1/4/";
    p.data_scope = std::move(scope);
    return p;
  }
  using v = std::vector<std::int64_t>;
  static constexpr scope_columns k_all_cols{.path = "path",
                                            .owner_elder = "elder",
                                            .unit_id = "unit",
                                            .provider = "provider",
                                            .assignee = "assignee"};

  std::filesystem::path dir_;
  std::unique_ptr<db::database> db_;
};

TEST_F(ScopeSql, AllSeesEverything) {
  EXPECT_EQ(ids(who("all"), {.path = "path"}), (v{1, 2, 3, 4, 5}));
}

TEST_F(ScopeSql, UnitTreeIsThePathPrefixRange) {
  // At or below /1/4/, not its sibling /1/40/ that shares the text prefix, not above.
  EXPECT_EQ(ids(who("unit_tree"), {.path = "path"}), (v{2, 3}));
  EXPECT_EQ(ids(who("unit_tree"), k_all_cols), (v{2, 3}));
  // With the ancestors, for org trees.
  EXPECT_EQ(ids(who("unit_tree"), {.path = "path", .with_ancestors = true}), (v{1, 2, 3}));
}

TEST_F(ScopeSql, SelfIsTheLinkedEldersOrTheOwnUnit) {
  EXPECT_EQ(ids(who("self"), {.path = "path", .owner_elder = "elder"}), (v{3, 5}));
  // Org units: the user's own unit.
  EXPECT_EQ(ids(who("self"), {.path = "path", .unit_id = "unit"}), (v{2}));
  // Neither column: nothing (org units to change).
  EXPECT_TRUE(ids(who("self"), {.path = "path"}).empty());
}

TEST_F(ScopeSql, ProviderSeesItsOwnOrganisationsRows) {
  EXPECT_EQ(ids(who("provider"), k_all_cols), (v{2, 4}));
  EXPECT_TRUE(ids(who("provider"), {.path = "path", .owner_elder = "elder"}).empty());
}

TEST_F(ScopeSql, AssignedSeesItsAssignmentsElseItsLinkedElders) {
  EXPECT_EQ(ids(who("assigned"), k_all_cols), (v{2, 5}));
  EXPECT_EQ(ids(who("assigned"), {.path = "path", .owner_elder = "elder"}), (v{3, 5}));
  EXPECT_TRUE(ids(who("assigned"), {.path = "path", .unit_id = "unit"}).empty());
}

TEST_F(ScopeSql, UnknownScopeSeesNothing) {
  EXPECT_TRUE(ids(who(""), k_all_cols).empty());
  EXPECT_TRUE(ids(who("everything"), k_all_cols).empty());
}

TEST_F(ScopeSql, ShorthandsAreTheOneRule) {
  for (const char* scope : {"all", "unit_tree", "self"}) {
    auto p = who(scope);
    db::params a1, a2;
    EXPECT_EQ(elder_scope_sql(p, "e", a1),
              scope_sql(p, {.path = "e.org_path", .owner_elder = "e.id"}, a2));
    EXPECT_EQ(a1.size(), a2.size());
    db::params b1, b2;
    EXPECT_EQ(org_scope_sql(p, "o", b1),
              scope_sql(p, {.path = "o.path", .unit_id = "o.id", .with_ancestors = true}, b2));
    db::params c1, c2;
    EXPECT_EQ(device_scope_sql(p, "d", c1),
              scope_sql(p, {.path = "d.org_path", .owner_elder = "d.elder_id"}, c2));
    EXPECT_EQ(alert_scope_sql(p, "d", c1), device_scope_sql(p, "d", c2));
  }
  db::params w;
  EXPECT_EQ(org_write_scope_sql(who("self"), "o", w), "1=0");
}

}  // namespace
}  // namespace ec::sys
