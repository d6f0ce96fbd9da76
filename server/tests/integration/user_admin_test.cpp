// User administration cannot escalate (issue 9, defect 5): a user manager below the
// sub-district may not reset the password of, or edit, an account whose role they could not
// have granted, nor grant a role holding permissions they lack.
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "db/db.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::backend_name;
using it::client;

class UserAdmin : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    srv_ = std::make_unique<it::server>(
        30, std::map<std::string, std::string>{{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}}, GetParam());
    db_ = ec::db::open({srv_->database_url(), 1, 5000});
  }
  void exec(const std::string& sql, const ec::db::params& args = {}) {
    auto l = db_->acquire();
    ASSERT_TRUE(l) << l.err().message;
    auto r = (*l)->exec(sql, args);
    ASSERT_TRUE(r) << r.err().message << ": " << sql;
  }
  std::int64_t scalar(const std::string& sql, const ec::db::params& args = {}) {
    auto l = db_->acquire();
    if (!l) throw std::runtime_error(l.err().message);
    auto r = (*l)->one(sql, args);
    if (!r) throw std::runtime_error(r.err().message + ": " + sql);
    return r->i64(0);
  }
  client signed_in(const std::string& user, const std::string& password = "") {
    client c(srv_->port());
    auto r = c.login(user, password.empty() ? srv_->password() : password);
    EXPECT_EQ(r.status, 200) << user << " " << r.body;
    return c;
  }
  std::unique_ptr<it::server> srv_;
  std::unique_ptr<ec::db::database> db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, UserAdmin, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(UserAdmin, ManagersBelowTheSubDistrictCannotEscalate) {
  // Community staff manage the users of their own community (a deployment's choice), and the
  // kitchen role holds one permission that community staff lack.
  exec(
      "INSERT INTO role_permissions (role_code, permission) VALUES "
      "('community_staff', 'system:user:view'), ('community_staff', 'system:user:edit'), "
      "('kitchen', 'monitoring:settings:edit')");
  auto gz = scalar("SELECT id FROM org_units WHERE name = '官庄社区'");
  auto admin = signed_in("admin");
  auto make = [&](client& c, const std::string& name, const std::string& role) {
    return c.post("/api/v1/users", json::object{{"username", name},
                                                {"display_name", name},
                                                {"role", role},
                                                {"org_unit_id", gz},
                                                {"password", "Start-2026-pass"}});
  };
  // The sub-district admin puts a second admin and a kitchen user into the community.
  auto boss = make(admin, "gz.boss", "street_admin");
  ASSERT_EQ(boss.status, 201) << boss.body;
  auto boss_id = boss.json().at("id").as_int64();
  auto cook = make(admin, "gz.cook", "kitchen");
  ASSERT_EQ(cook.status, 201) << cook.body;
  auto cook_id = cook.json().at("id").as_int64();

  auto boss_version = scalar("SELECT version FROM users WHERE id = ?", {boss_id});
  auto staff = signed_in("guanzhuang");
  // Taking over the admin account by a password reset: refused, nothing changed.
  auto reset =
      staff.post("/api/v1/users/" + std::to_string(boss_id) + "/reset-password", json::object{});
  EXPECT_EQ(reset.status, 403) << reset.body;
  EXPECT_EQ(reset.json().at("code"), "auth.forbidden");
  EXPECT_EQ(scalar("SELECT version FROM users WHERE id = ?", {boss_id}), boss_version);
  // Editing it without touching the role (e.g. deactivating it, or its phone): refused.
  for (const auto& body : {json::object{{"display_name", "x"}}, json::object{{"active", false}},
                           json::object{{"phone", "13905330000"}}}) {
    auto put = staff.put("/api/v1/users/" + std::to_string(boss_id), body);
    EXPECT_EQ(put.status, 403) << put.body;
  }
  EXPECT_EQ(scalar("SELECT version FROM users WHERE id = ?", {boss_id}), boss_version);
  // A role holding a permission the caller lacks: not grantable, and its holders not
  // manageable (not even by demoting them).
  EXPECT_EQ(make(staff, "gz.cook2", "kitchen").status, 403);
  EXPECT_EQ(
      staff.post("/api/v1/users/" + std::to_string(cook_id) + "/reset-password", json::object{})
          .status,
      403);
  EXPECT_EQ(
      staff.put("/api/v1/users/" + std::to_string(cook_id), json::object{{"role", "volunteer"}})
          .status,
      403);
  // Nor may a volunteer they manage be promoted into it.
  auto vol = make(staff, "gz.helper", "volunteer");
  ASSERT_EQ(vol.status, 201) << vol.body;
  auto vol_id = vol.json().at("id").as_int64();
  EXPECT_EQ(staff.put("/api/v1/users/" + std::to_string(vol_id), json::object{{"role", "kitchen"}})
                .status,
            403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users WHERE username = 'gz.cook2'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users WHERE id = ? AND role_code = 'volunteer'", {vol_id}),
            1);

  // What they may grant, they may still manage.
  auto ok = staff.put("/api/v1/users/" + std::to_string(vol_id),
                      json::object{{"display_name", "网格员 小李"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto temp =
      staff.post("/api/v1/users/" + std::to_string(vol_id) + "/reset-password", json::object{});
  ASSERT_EQ(temp.status, 200) << temp.body;
  // And the sub-district admin, who holds every permission, manages everyone.
  EXPECT_EQ(
      admin.post("/api/v1/users/" + std::to_string(boss_id) + "/reset-password", json::object{})
          .status,
      200);
  EXPECT_EQ(
      admin.put("/api/v1/users/" + std::to_string(cook_id), json::object{{"display_name", "厨师"}})
          .status,
      200);
}

}  // namespace
