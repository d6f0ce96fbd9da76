// A user's own phone (GET/PUT /api/v1/me/phone, POST /api/v1/me/phone/confirm) against the real
// server, on SQLite and (when ELDERCARE_TEST_PG_URL is set) PostgreSQL: set, a bad number
// refused on field `phone`, clear, confirm with and without a number, an administrator's change
// resetting the confirmation, the audit rows (numbers masked, never in full), the routes
// acting only on the caller, and the temporary-password rule still applying.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::client;

using it::backend_name;

using it::str;

class MePhone : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { srv_ = it::start_server(40, GetParam()); }
  client signed_in(const std::string& user) { return it::signed_in(*srv_, user); }
  // The user row as the admin's user list shows it.
  json::value user_row(const std::string& username) {
    auto r = signed_in("admin").get("/api/v1/users?size=5&q=" + username);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();  // kept: the loop below reads into it
    for (const auto& u : j.at("items").as_array())
      if (str(u.at("username")) == username) return u;
    ADD_FAILURE() << "no user " << username;
    return nullptr;
  }
  // Audit entries about user `id`, newest first.
  json::array audit_of(std::int64_t id, std::string* body = nullptr) {
    auto r = signed_in("admin").get("/api/v1/audit?entity=user&entity_id=" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    if (body) *body = r.body;
    return r.json().at("items").as_array();
  }
  static void expect_error(const it::http_response& r, int status, const std::string& code,
                           const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = r.json();
    EXPECT_EQ(str(j.at("error").at("code")), code) << r.body;
    EXPECT_EQ(str(j.at("error").at("field")), field) << r.body;
  }
  std::unique_ptr<it::server> srv_;
};

INSTANTIATE_TEST_SUITE_P(Backends, MePhone, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(MePhone, SetClearConfirmAndTheAuditTrail) {
  auto lz = signed_in("louzhang");
  auto id = lz.get("/api/v1/me").json().at("id").as_int64();

  // The demo typed the leader's number: it is there, but the leader never confirmed it.
  auto g = lz.get("/api/v1/me/phone");
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.json().at("phone_masked"), "138****6105");
  EXPECT_TRUE(g.json().at("confirmed_at").is_null());
  EXPECT_TRUE(user_row("louzhang").at("phone_confirmed_at").is_null());
  auto version0 = user_row("louzhang").at("version").as_int64();

  // Set: normalized like the admin form, masked in the answer, confirmed now.
  auto s = lz.put("/api/v1/me/phone", json::object{{"phone", "+86 139-0533-7001"}});
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json().at("phone_masked"), "139****7001");
  auto confirmed = str(s.json().at("confirmed_at"));
  EXPECT_TRUE(confirmed.ends_with("+08:00")) << confirmed;
  EXPECT_EQ(s.body.find("13905337001"), std::string::npos) << "never in full";
  EXPECT_EQ(lz.get("/api/v1/me/phone").body, s.body);
  auto row = user_row("louzhang");
  EXPECT_EQ(row.at("phone_masked"), "139****7001");
  EXPECT_EQ(str(row.at("phone_confirmed_at")), confirmed);
  EXPECT_EQ(row.at("version").as_int64(), version0 + 1);
  // Level 1 of the escalation chain calls the number in full; the admin detail has it too.
  auto detail = signed_in("admin").get("/api/v1/users/" + std::to_string(id));
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(str(detail.json().at("phone_confirmed_at")), confirmed);

  std::string body;
  auto a = audit_of(id, &body);
  ASSERT_GE(a.size(), 1u);
  EXPECT_EQ(a[0].at("action"), "update");
  EXPECT_EQ(a[0].at("actor").at("username"), "louzhang");
  EXPECT_EQ(a[0].at("summary"), "set own phone");
  EXPECT_EQ(a[0].at("changes").at("phone").at(0), "138****6105");
  EXPECT_EQ(a[0].at("changes").at("phone").at(1), "139****7001");
  EXPECT_TRUE(a[0].at("changes").at("phone_confirmed_at").at(0).is_null());
  EXPECT_EQ(str(a[0].at("changes").at("phone_confirmed_at").at(1)), confirmed);

  // A landline works as well (normalized).
  auto land = lz.put("/api/v1/me/phone", json::object{{"phone", "(0533) 612 3456 转 12"}});
  ASSERT_EQ(land.status, 200) << land.body;
  EXPECT_EQ(land.json().at("phone_masked"), "0533-****456-12");

  // Bad input: 422 naming `phone` and the rule; nothing changes.
  auto before = user_row("louzhang");
  auto bad = lz.put("/api/v1/me/phone", json::object{{"phone", "1381234567"}});
  expect_error(bad, 422, "phone.invalid", "phone");
  EXPECT_NE(bad.body.find("11 digits"), std::string::npos) << "names the rule: " << bad.body;
  auto bad_zh = lz.request("PUT", "/api/v1/me/phone", R"({"phone":"12345"})", "application/json",
                           {{"Accept-Language", "zh-CN"}});
  expect_error(bad_zh, 422, "phone.invalid", "phone");
  EXPECT_NE(bad_zh.body.find("联系电话格式不正确"), std::string::npos) << bad_zh.body;
  expect_error(lz.put("/api/v1/me/phone", json::object{}), 422, "validation.required", "phone");
  expect_error(lz.put("/api/v1/me/phone", json::object{{"phone", 13812345678LL}}), 422,
               "validation.type", "phone");
  expect_error(lz.put("/api/v1/me/phone", json::object{{"phone", "13812345678"}, {"user_id", 1}}),
               422, "validation.unknown_field", "user_id");
  expect_error(lz.put("/api/v1/me/phone", json::object{{"phone", std::string(33, '1')}}), 422,
               "validation.too_long", "phone");
  EXPECT_EQ(lz.request("PUT", "/api/v1/me/phone", "[1]").status, 422);
  auto after = user_row("louzhang");
  EXPECT_EQ(after.at("version"), before.at("version"));
  EXPECT_EQ(after.at("phone_masked"), "0533-****456-12");

  // Clear: no number, no confirmation.
  auto cl = lz.put("/api/v1/me/phone", json::object{{"phone", nullptr}});
  ASSERT_EQ(cl.status, 200) << cl.body;
  EXPECT_TRUE(cl.json().at("phone_masked").is_null());
  EXPECT_TRUE(cl.json().at("confirmed_at").is_null());
  EXPECT_TRUE(user_row("louzhang").at("phone_masked").is_null());
  a = audit_of(id);
  EXPECT_EQ(a[0].at("summary"), "cleared own phone");
  EXPECT_EQ(a[0].at("changes").at("phone").at(0), "0533-****456-12");
  EXPECT_EQ(a[0].at("changes").at("phone").at(1), "");
  EXPECT_TRUE(a[0].at("changes").at("phone_confirmed_at").at(1).is_null());

  // Confirm without a number: 422 on `phone`, nothing written.
  auto audits = a.size();
  auto none = lz.post("/api/v1/me/phone/confirm", json::object{});
  expect_error(none, 422, "user.phone_missing", "phone");
  auto none_zh = lz.request("POST", "/api/v1/me/phone/confirm", "", "application/json",
                            {{"Accept-Language", "zh-CN"}});
  expect_error(none_zh, 422, "user.phone_missing", "phone");
  EXPECT_NE(none_zh.body.find("请先填写"), std::string::npos) << none_zh.body;
  EXPECT_EQ(audit_of(id).size(), audits);

  // "" clears too; then set again and confirm: the time moves on, audited.
  ASSERT_EQ(lz.put("/api/v1/me/phone", json::object{{"phone", ""}}).status, 200);
  ASSERT_EQ(lz.put("/api/v1/me/phone", json::object{{"phone", "13905337001"}}).status, 200);
  auto first = str(lz.get("/api/v1/me/phone").json().at("confirmed_at"));
  auto v = user_row("louzhang").at("version").as_int64();
  auto cf = lz.request("POST", "/api/v1/me/phone/confirm");
  ASSERT_EQ(cf.status, 200) << cf.body;
  EXPECT_EQ(cf.json().at("phone_masked"), "139****7001");
  EXPECT_GE(str(cf.json().at("confirmed_at")), first);
  EXPECT_EQ(user_row("louzhang").at("version").as_int64(), v + 1);
  a = audit_of(id);
  EXPECT_EQ(a[0].at("summary"), "confirmed own phone");
  EXPECT_EQ(a[0].at("actor").at("username"), "louzhang");
  EXPECT_FALSE(a[0].at("changes").as_object().contains("phone"));

  // No full number anywhere in the user's audit trail.
  audit_of(id, &body);
  for (const auto* full : {"13905337001", "13805336105", "6123456"})
    EXPECT_EQ(body.find(full), std::string::npos) << full << " in " << body;
}

TEST_P(MePhone, AnAdministratorsChangeResetsTheConfirmation) {
  auto lz = signed_in("lz02");
  ASSERT_EQ(lz.post("/api/v1/me/phone/confirm", json::object{}).status, 200);
  auto confirmed = lz.get("/api/v1/me/phone").json().at("confirmed_at");
  ASSERT_TRUE(confirmed.is_string());
  auto id = user_row("lz02").at("id").as_int64();
  auto admin = signed_in("admin");
  auto target = "/api/v1/users/" + std::to_string(id);
  ASSERT_EQ(admin.get(target).json().at("phone_confirmed_at"), confirmed);

  // Other fields, or the same number typed again (in another form), keep the confirmation.
  auto mine = lz.put("/api/v1/me/phone", json::object{{"phone", "13905330002"}}).json();
  confirmed = mine.at("confirmed_at");
  auto r =
      admin.put(target, json::object{{"display_name", "楼长 改名"}, {"phone", "139 0533 0002"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("phone_confirmed_at"), confirmed);

  // A different number is not the user's word: the confirmation goes.
  r = admin.put(target, json::object{{"phone", "13905339999"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("phone_confirmed_at").is_null());
  mine = lz.get("/api/v1/me/phone").json();
  EXPECT_EQ(mine.at("phone_masked"), "139****9999");
  EXPECT_TRUE(mine.at("confirmed_at").is_null());
  std::string body;
  auto a = audit_of(id, &body);
  EXPECT_EQ(a[0].at("actor").at("username"), "admin");
  EXPECT_EQ(a[0].at("changes").at("phone").at(1), "139****9999");
  EXPECT_EQ(a[0].at("changes").at("phone_confirmed_at").at(0), confirmed);
  EXPECT_TRUE(a[0].at("changes").at("phone_confirmed_at").at(1).is_null());
  EXPECT_EQ(body.find("13905339999"), std::string::npos);

  // Clearing it does too; confirming is then refused until the user sets one.
  ASSERT_EQ(lz.post("/api/v1/me/phone/confirm", json::object{}).status, 200);
  r = admin.put(target, json::object{{"phone", nullptr}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("phone_confirmed_at").is_null());
  expect_error(lz.post("/api/v1/me/phone/confirm", json::object{}), 422, "user.phone_missing",
               "phone");
}

TEST_P(MePhone, OnlyEverTheCallersOwn) {
  auto lz = signed_in("louzhang");
  auto taisun = signed_in("taisun");
  ASSERT_EQ(lz.put("/api/v1/me/phone", json::object{{"phone", "13905331234"}}).status, 200);
  // Another user's calls change only their own row; there is no way to name someone else.
  auto t = taisun.put("/api/v1/me/phone", json::object{{"phone", "13905335678"}});
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.json().at("phone_masked"), "139****5678");
  EXPECT_EQ(lz.get("/api/v1/me/phone").json().at("phone_masked"), "139****1234");
  EXPECT_EQ(user_row("louzhang").at("phone_masked"), "139****1234");
  EXPECT_EQ(user_row("taisun").at("phone_masked"), "139****5678");
  EXPECT_EQ(
      taisun
          .request("PUT",
                   "/api/v1/me/phone/" + std::to_string(user_row("louzhang").at("id").as_int64()),
                   R"({"phone":null})")
          .status,
      404);
  EXPECT_EQ(lz.get("/api/v1/me/phone").json().at("phone_masked"), "139****1234");

  // Signed-in only, and writes need the CSRF token like every other route.
  client anon(srv_->port());
  EXPECT_EQ(anon.get("/api/v1/me/phone").status, 401);
  EXPECT_EQ(anon.put("/api/v1/me/phone", json::object{{"phone", nullptr}}).status, 401);
  lz.send_csrf = false;
  auto no_csrf = lz.put("/api/v1/me/phone", json::object{{"phone", nullptr}});
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
  EXPECT_EQ(no_csrf.json().at("error").at("code"), "auth.csrf");
  EXPECT_EQ(lz.request("POST", "/api/v1/me/phone/confirm").status, 403);
  lz.send_csrf = true;
  EXPECT_EQ(lz.get("/api/v1/me/phone").json().at("phone_masked"), "139****1234");
}

TEST_P(MePhone, NotWhileTheTemporaryPasswordIsUnchanged) {
  auto admin = signed_in("admin");
  auto reset = admin.request("POST", "/api/v1/users/" +
                                         std::to_string(user_row("taisun").at("id").as_int64()) +
                                         "/reset-password");
  ASSERT_EQ(reset.status, 200) << reset.body;
  client t(srv_->port());
  ASSERT_EQ(t.login("taisun", str(reset.json().at("temporary_password"))).status, 200);
  for (const auto& r : {t.get("/api/v1/me/phone"),
                        t.put("/api/v1/me/phone", json::object{{"phone", "13905335678"}}),
                        t.request("POST", "/api/v1/me/phone/confirm")}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.json().at("error").at("code"), "auth.must_change_password");
  }
  EXPECT_EQ(user_row("taisun").at("phone_masked"), "138****6102");
}

}  // namespace
