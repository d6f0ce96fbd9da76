// Body limits with Content-Length against the real server (issue 9, defect 13): a 5 MiB
// workbook (under the default 32 MiB import limit) imports; a body over a route's limit gets
// 413 with the JSON error envelope, not a closed connection, also over 1 MiB on the import
// route and with the whole body sent.
//
// Runs on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "support/harness.hpp"
#include "support/suite.hpp"
#include "support/xlsx_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using it::backend_name;
using it::client;
using it::workbook;

const std::string k_xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

class BodyLimit : public it::shared_server_test<BodyLimit, 50> {
 protected:
  it::http_response post(client& c, const std::string& target, const std::string& body,
                         const std::string& type) {
    return c.request("POST", target, body, type, {{"Accept-Language", "en"}});
  }
  void expect_serving() {
    EXPECT_TRUE(srv_->running());
    EXPECT_EQ(
        it::send_raw(srv_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .status,
        200);
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, BodyLimit, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(BodyLimit, FiveMebibyteWorkbookWithContentLengthImports) {
  auto c = signed_in("guanzhuang");
  // One valid elder, and 5 MiB of incompressible bytes in a picture the reader skips.
  std::mt19937_64 rng{42};
  std::string picture(5U << 20U, '\0');
  for (auto& ch : picture) ch = static_cast<char>(rng());
  const std::string id = it::make_id(1944, 5, 6, 731);
  const std::string row1 =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c><c r="C1" t="inlineStr"><is><t>所属社区</t></is></c><c r="D1" t="inlineStr"><is><t>居住状况</t></is></c></row>)";
  const std::string row2 =
      R"(<row r="2"><c r="A2" t="inlineStr"><is><t>张玉梅</t></is></c><c r="B2" t="inlineStr"><is><t>)" +
      id +
      R"(</t></is></c><c r="C2" t="inlineStr"><is><t>官庄社区</t></is></c><c r="D2" t="inlineStr"><is><t>独居</t></is></c></row>)";
  const auto file = workbook(row1 + row2, "", {{"xl/media/image1.png", picture}});
  ASSERT_GT(file.size(), 5U << 20U);
  ASSERT_LT(file.size(), 6U << 20U);
  auto r = post(c, "/api/v1/elders/import?dry_run=true&filename=big.xlsx", file, k_xlsx_type);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(r.json().at("total_rows"), 1);
  EXPECT_EQ(r.json().at("valid_rows"), 1) << r.body;
}

TEST_P(BodyLimit, BodyOverTheLimitWithContentLengthGets413Json) {
  auto c = signed_in("guanzhuang");
  auto raw = [&](const std::string& target, std::size_t declared, std::size_t sent) {
    std::string req = "POST " + target +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + c.cookie +
                      "\r\nX-CSRF-Token: " + c.csrf +
                      "\r\nContent-Type: text/csv\r\nContent-Length: " + std::to_string(declared) +
                      "\r\n\r\n" + std::string(sent, 'x');
    return it::send_raw(srv_->port(), req);
  };
  // The import route's limit is 32 MiB: a declared 33 MiB is refused at once.
  auto big = raw("/api/v1/elders/import?dry_run=true&filename=a.csv", 33U << 20U, 4096);
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(big.error_code(), "request.too_large");
  EXPECT_EQ(big.headers["content-type"], "application/json; charset=utf-8");
  // And all of it sent: still the JSON answer, not a closed connection.
  auto sent = raw("/api/v1/elders/import?dry_run=true&filename=a.csv", 33U << 20U, 33U << 20U);
  EXPECT_EQ(sent.status, 413);
  EXPECT_EQ(sent.error_code(), "request.too_large");
  // Other routes: 1 MiB by default; 2 MiB with Content-Length is 413 JSON too.
  auto other = raw("/api/v1/elders", 2U << 20U, 2U << 20U);
  EXPECT_EQ(other.status, 413) << other.body;
  EXPECT_EQ(other.error_code(), "request.too_large");
  expect_serving();
}

// Defect 7: a route's raised limit (32 MiB for imports) is given only to a caller who may use
// the route, checked when the headers arrive. Anyone else is answered at once, before a byte of
// the body is read; before, the server waited to buffer the whole declared 20 MiB.
TEST_P(BodyLimit, RaisedLimitOnlyForACallerWhoMayUseTheRoute) {
  auto head_only = [&](const std::string& credentials) {
    std::string req =
        "POST /api/v1/elders/import?dry_run=true&filename=a.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Connection: close\r\n" +
        credentials + "Content-Type: text/csv\r\nContent-Length: " + std::to_string(20U << 20U) +
        "\r\n\r\n";
    return it::send_raw(srv_->port(), req, 5000);
  };
  auto anonymous = head_only("");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(anonymous.error_code(), "auth.required");

  auto family = signed_in("family");  // may not import elders
  auto refused =
      head_only("Cookie: " + family.cookie + "\r\nX-CSRF-Token: " + family.csrf + "\r\n");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.error_code(), "auth.forbidden");

  auto staff = signed_in("guanzhuang");  // may import, but the write lacks its CSRF token
  auto no_csrf = head_only("Cookie: " + staff.cookie + "\r\n");
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
  EXPECT_EQ(no_csrf.error_code(), "auth.csrf");
  EXPECT_EQ(no_csrf.headers["cache-control"], "no-store");
  expect_serving();
}

}  // namespace
