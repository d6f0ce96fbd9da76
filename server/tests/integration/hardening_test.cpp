// Issue 9: attacks that must fail, each against the real server (on SQLite and, with
// ELDERCARE_TEST_PG_URL set, on PostgreSQL).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <string>
#include <thread>

#include "db/db.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;

class Hardening : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Backends, Hardening, ::testing::ValuesIn(it::backends()),
                         it::backend_name);

std::string login_body(const std::string& user, const std::string& pw) {
  return json::serialize(json::object{{"username", user}, {"password", pw}});
}

std::string raw_post(const std::string& target, const std::string& body,
                     const std::string& extra_headers = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

// Defect 11: the audit log refuses TRUNCATE; X-Forwarded-For's last entry (the one the proxy
// appends) is the client address; Secure cookies carry the __Host- prefix; the data directory
// and database file are the owner's alone.
TEST_P(Hardening, SmallItems) {
  it::server s(20, {{"ELDERCARE_TRUST_PROXY", "true"}, {"ELDERCARE_SECURE_COOKIES", "true"}},
               GetParam());

  // A client that forges an earlier X-Forwarded-For entry is still recorded by the address the
  // proxy appended.
  auto r = it::send_raw(s.port(), raw_post("/api/v1/auth/login", login_body("admin", "wrong-pw"),
                                           "X-Forwarded-For: 10.66.66.66, 203.0.113.7\r\n"));
  EXPECT_EQ(r.status, 401) << r.body;

  // Secure cookies: the session cookie is __Host-ec_session, and only that name is read.
  r = it::send_raw(s.port(), raw_post("/api/v1/auth/login", login_body("admin", s.password())));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.set_cookies.size(), 1u);
  const auto& sc = r.set_cookies[0];
  ASSERT_EQ(sc.rfind("__Host-ec_session=", 0), 0u) << sc;
  EXPECT_NE(sc.find("; Secure"), std::string::npos) << sc;
  EXPECT_NE(sc.find("Path=/"), std::string::npos) << sc;
  EXPECT_EQ(sc.find("Domain"), std::string::npos) << sc;
  auto token = sc.substr(std::string("__Host-ec_session=").size());
  token = token.substr(0, token.find(';'));
  auto me = [&](const std::string& cookie) {
    return it::send_raw(s.port(), "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nCookie: " +
                                      cookie + "\r\nConnection: close\r\n\r\n");
  };
  EXPECT_EQ(me("__Host-ec_session=" + token).status, 200);
  EXPECT_EQ(me("ec_session=" + token).status, 401);

  it::client admin(s.port());
  admin.cookie = "__Host-ec_session=" + token;
  admin.csrf = r.json().at("csrf_token").as_string().c_str();
  auto audit = admin.get("/api/v1/audit?action=login_failed&size=50");
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool seen = false;
  auto entries = audit.json();
  for (const auto& e : entries.at("items").as_array()) {
    auto ip = std::string(e.at("ip").as_string().c_str());
    EXPECT_NE(ip, "10.66.66.66");
    if (ip == "203.0.113.7") seen = true;
  }
  EXPECT_TRUE(seen) << audit.body.substr(0, 600);

  auto db = ec::db::open({s.database_url(), 1, 5000});
  auto c = db->acquire();
  ASSERT_TRUE(c) << c.err().message;
  if (GetParam() == "postgres") {
    auto t = (*c)->exec("TRUNCATE audit_log");
    EXPECT_FALSE(t.ok()) << "TRUNCATE audit_log went through";
  }
  auto d = (*c)->exec("DELETE FROM audit_log");
  EXPECT_FALSE(d.ok());
  auto n = (*c)->one("SELECT COUNT(*) FROM audit_log", {});
  ASSERT_TRUE(n) << n.err().message;
  EXPECT_GT(n->i64(0), 0);

  if (GetParam() == "sqlite") {
    struct stat st {};
    ASSERT_EQ(::stat((s.dir() + "/data").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(::stat((s.dir() + "/data/eldercare.db").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
}

// Defect 10: wrong passwords from one address lock only that address out of the account, with
// growing delays; a deactivated account answers the same with and without the right password.
TEST_P(Hardening, LockoutIsPerAccountAndAddress) {
  it::server s(20,
               {{"ELDERCARE_TRUST_PROXY", "true"},
                {"ELDERCARE_LOGIN_IP_PER_MIN", "1000"},
                {"ELDERCARE_LOGIN_MAX_FAILURES", "3"},
                {"ELDERCARE_LOGIN_LOCKOUT_MIN", "2"}},
               GetParam());
  auto login = [&](const std::string& user, const std::string& pw, const std::string& from) {
    return it::send_raw(s.port(), raw_post("/api/v1/auth/login", login_body(user, pw),
                                           "X-Forwarded-For: " + from + "\r\n"));
  };
  const std::string attacker = "198.51.100.66", real = "203.0.113.10";
  EXPECT_EQ(login("louzhang", "wrong-password", attacker).status, 401);
  EXPECT_EQ(login("louzhang", "wrong-password", attacker).status, 401);
  auto locked = login("louzhang", "wrong-password", attacker);
  EXPECT_EQ(locked.status, 429);
  EXPECT_NE(locked.body.find("auth.locked"), std::string::npos) << locked.body;
  EXPECT_EQ(locked.headers["retry-after"], "120");
  // The attacker's address stays locked even with the right password...
  EXPECT_EQ(login("louzhang", s.password(), attacker).status, 429);
  // ...but the real user, elsewhere, signs in.
  EXPECT_EQ(login("louzhang", s.password(), real).status, 200);

  // Once the lock ends, the next wrong password locks for twice as long.
  auto db = ec::db::open({s.database_url(), 1, 5000});
  auto c = db->acquire();
  ASSERT_TRUE(c) << c.err().message;
  ASSERT_TRUE((*c)->exec("UPDATE login_throttle SET locked_until = 1 WHERE ip = ?", {attacker}));
  auto longer = login("louzhang", "wrong-password", attacker);
  EXPECT_EQ(longer.status, 429);
  EXPECT_EQ(longer.headers["retry-after"], "240");

  // A deactivated account: the same answer with the right and a wrong password.
  ASSERT_TRUE((*c)->exec("UPDATE users SET active = 0 WHERE username = 'worker'", {}));
  auto right = login("worker", s.password(), real);
  auto wrong = login("worker", "wrong-password", real);
  EXPECT_EQ(right.status, 401);
  EXPECT_EQ(right.status, wrong.status);
  EXPECT_EQ(right.body, wrong.body);
  EXPECT_NE(right.body.find("auth.invalid_credentials"), std::string::npos) << right.body;
}

// Defect 6: POST /ingest without valid device credentials stores nothing, is counted, and is
// limited per address.
TEST_P(Hardening, UnauthenticatedIngestIsCountedNotStoredAndLimited) {
  it::server s(20, {{"ELDERCARE_TRUST_PROXY", "true"}}, GetParam());
  std::string payload = "[" + std::string(4000, ' ') + "]";
  auto ingest = [&](const std::string& from) {
    return it::send_raw(s.port(), raw_post("/api/v1/ingest", payload,
                                           "Authorization: Bearer TZ-NOPE:guess\r\n"
                                           "X-Forwarded-For: " +
                                               from + "\r\n"));
  };
  for (int i = 0; i < 20; ++i) ASSERT_EQ(ingest("198.51.100.9").status, 401) << i;
  auto limited = ingest("198.51.100.9");
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_NE(limited.body.find("ingest.rate_limited"), std::string::npos) << limited.body;
  EXPECT_FALSE(limited.headers["retry-after"].empty());
  // Another address is not affected.
  EXPECT_EQ(ingest("198.51.100.10").status, 401);

  auto db = ec::db::open({s.database_url(), 1, 5000});
  auto c = db->acquire();
  ASSERT_TRUE(c) << c.err().message;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the writer's flush
  auto n = (*c)->one("SELECT COUNT(*) FROM dead_letters", {});
  ASSERT_TRUE(n) << n.err().message;
  EXPECT_EQ(n->i64(0), 0);
  auto metrics = it::send_raw(s.port(),
                              "GET /metrics HTTP/1.1\r\nHost: localhost\r\n"
                              "Connection: close\r\n\r\n")
                     .body;
  EXPECT_NE(metrics.find(R"(eldercare_ingest_unauthenticated_total{outcome="rejected"} 21)"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"(eldercare_ingest_unauthenticated_total{outcome="rate_limited"} 1)"),
            std::string::npos);
}

}  // namespace
