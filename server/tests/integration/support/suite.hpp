// What the backend-parameterised integration suites share: the test-name suffix and a fixture
// whose tests share one server per backend.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "support/harness.hpp"

namespace it {

// "sqlite" / "postgres" as the instance name.
inline std::string backend_name(const ::testing::TestParamInfo<std::string>& p) {
  return p.param;
}

// The text of a JSON string.
inline std::string str(const boost::json::value& v) {
  return std::string(v.as_string());
}

// A server on `backend` with `elders` demo elders whose sign-ins are not rate-limited.
inline std::unique_ptr<server> start_server(int elders, const std::string& backend) {
  return std::make_unique<server>(
      elders, std::map<std::string, std::string>{{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}}, backend);
}

// `user` signed in on `s` with the demo password; a test failure unless that works.
inline client signed_in(const server& s, const std::string& user) {
  client c(s.port());
  auto r = c.login(user, s.password());
  EXPECT_EQ(r.status, 200) << user << " " << r.body;
  return c;
}

// An org unit's id by name, as `as` (signed in) sees it; a test failure when there is none.
inline std::int64_t unit_id(client& as, const std::string& name) {
  auto units = as.get("/api/v1/org-units").json();
  for (const auto& u : units.at("items").as_array())
    if (u.at("name").as_string() == name) return u.at("id").as_int64();
  ADD_FAILURE() << "no unit " << name;
  return 0;
}

// The tests of suite `Suite` share one server per backend: demo data with `Elders` elders and
// sign-ins not rate-limited, started by the first test that needs it and stopped with the
// suite. (`Suite` keeps the servers of different suites apart.)
template <class Suite, int Elders = 300>
class shared_server_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto& s = servers()[GetParam()];
    if (!s) s = start_server(Elders, GetParam());
    srv_ = s.get();
  }
  static void TearDownTestSuite() { servers().clear(); }

  client signed_in(const std::string& user) { return it::signed_in(*srv_, user); }

  // An org unit's id by name, as the admin sees it.
  std::int64_t unit(const std::string& name) {
    auto admin = signed_in("admin");
    return unit_id(admin, name);
  }

  server* srv_ = nullptr;

 private:
  static std::map<std::string, std::unique_ptr<server>>& servers() {
    static std::map<std::string, std::unique_ptr<server>> all;
    return all;
  }
};

}  // namespace it
