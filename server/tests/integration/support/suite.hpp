// What the backend-parameterised integration suites share: the test-name suffix and a fixture
// whose tests share one server per backend.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "support/harness.hpp"

namespace it {

// "sqlite" / "postgres" as the instance name.
inline std::string backend_name(const ::testing::TestParamInfo<std::string>& p) {
  return p.param;
}

// The tests of suite `Suite` share one server per backend: demo data with `Elders` elders and
// sign-ins not rate-limited, started by the first test that needs it and stopped with the
// suite. (`Suite` keeps the servers of different suites apart.)
template <class Suite, int Elders = 300>
class shared_server_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto& s = servers()[GetParam()];
    if (!s)
      s = std::make_unique<server>(
          Elders, std::map<std::string, std::string>{{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}},
          GetParam());
    srv_ = s.get();
  }
  static void TearDownTestSuite() { servers().clear(); }

  client signed_in(const std::string& user) {
    client c(srv_->port());
    auto r = c.login(user, srv_->password());
    EXPECT_EQ(r.status, 200) << r.body;
    return c;
  }

  server* srv_ = nullptr;

 private:
  static std::map<std::string, std::unique_ptr<server>>& servers() {
    static std::map<std::string, std::unique_ptr<server>> all;
    return all;
  }
};

}  // namespace it
