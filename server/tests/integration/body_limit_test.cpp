// Body limits with Content-Length against the real server (issue 9, defect 13): a 5 MiB
// workbook (under the default 32 MiB import limit) imports; a body over a route's limit gets
// 413 with the JSON error envelope, not a closed connection, also over 1 MiB on the import
// route and with the whole body sent.
//
// Runs on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

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

namespace {

namespace fs = std::filesystem;
using it::backend_name;
using it::client;

const std::string k_xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A zip (deflated entries) made with minizip, from (name, bytes) pairs.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  const auto path =
      fs::temp_directory_path() / ("ec-it-import-" + std::to_string(getpid()) + ".zip");
  zipFile z = zipOpen(path.c_str(), 0);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : files) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_BEST_SPEED),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(z, data.data(), static_cast<unsigned>(data.size())), ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(z), ZIP_OK);
  }
  EXPECT_EQ(zipClose(z, nullptr), ZIP_OK);
  std::ifstream in(path, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  fs::remove(path);
  return bytes;
}

// A workbook with the given sheetData (and shared strings), plus any extra entries.
std::string workbook(const std::string& sheet_data, const std::string& shared_strings = "",
                     std::vector<std::pair<std::string, std::string>> extra = {}) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml",
       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
           sheet_data + "</sheetData></worksheet>"}};
  if (!shared_strings.empty()) files.emplace_back("xl/sharedStrings.xml", shared_strings);
  for (auto& e : extra) files.push_back(std::move(e));
  return make_zip(files);
}

std::string error_code(const it::http_response& r) {
  auto v = r.json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  return std::string(v.at("error").at("code").as_string());
}

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
  EXPECT_EQ(error_code(big), "request.too_large");
  EXPECT_EQ(big.headers["content-type"], "application/json; charset=utf-8");
  // And all of it sent: still the JSON answer, not a closed connection.
  auto sent = raw("/api/v1/elders/import?dry_run=true&filename=a.csv", 33U << 20U, 33U << 20U);
  EXPECT_EQ(sent.status, 413);
  EXPECT_EQ(error_code(sent), "request.too_large");
  // Other routes: 1 MiB by default; 2 MiB with Content-Length is 413 JSON too.
  auto other = raw("/api/v1/elders", 2U << 20U, 2U << 20U);
  EXPECT_EQ(other.status, 413) << other.body;
  EXPECT_EQ(error_code(other), "request.too_large");
  expect_serving();
}

}  // namespace
