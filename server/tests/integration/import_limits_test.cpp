// Spreadsheet limits against the real server (issue 9, defect 3): a tiny workbook whose one
// large shared string is used by a million cells, a CSV row of a million empty fields, and the
// same through the device import: each is a clean 413 with its error code and a Chinese or
// English message, and the server stays up and serves.
//
// Runs on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/sheet.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"
#include "support/xlsx_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using it::backend_name;
using it::client;
using it::workbook;

const std::string k_xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The attack of defect 3: one 16 MiB shared string and 1,000 rows of 1,000 cells that all use
// it (a million cells; 16 TiB of text if each copied it). Deflated, well under 1 MiB.
const std::string& shared_string_bomb() {
  static const std::string bytes = [] {
    const std::string sst = "<sst><si><t>" + std::string(16U << 20U, 'A') + "</t></si></sst>";
    std::string row;
    for (int c = 0; c < 1000; ++c) row += R"(<c t="s"><v>0</v></c>)";
    std::string rows;
    rows.reserve(1000 * (row.size() + 16));
    for (int r = 0; r < 1000; ++r) rows += "<row>" + row + "</row>";
    return workbook(rows, sst);
  }();
  return bytes;
}

std::string error_message(const it::http_response& r) {
  auto v = r.json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  return std::string(v.at("error").at("message").as_string());
}

class ImportLimits : public it::shared_server_test<ImportLimits, 50> {
 protected:
  it::http_response post(client& c, const std::string& target, const std::string& body,
                         const std::string& type, const std::string& lang = "en") {
    return c.request("POST", target, body, type, {{"Accept-Language", lang}});
  }
  void expect_serving() {
    EXPECT_TRUE(srv_->running());
    EXPECT_EQ(
        it::send_raw(srv_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .status,
        200);
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, ImportLimits, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(ImportLimits, SharedStringUsedByAMillionCellsIsRefused) {
  const auto& bomb = shared_string_bomb();
  ASSERT_LT(bomb.size(), 1U << 20U);
  auto c = signed_in("guanzhuang");
  auto en = post(c, "/api/v1/elders/import?dry_run=true&filename=bomb.xlsx", bomb, k_xlsx_type);
  EXPECT_EQ(en.status, 413) << en.body.substr(0, 300);
  EXPECT_EQ(en.error_code(), "import.text_too_large");
  EXPECT_NE(error_message(en).find("64 MiB"), std::string::npos) << error_message(en);
  EXPECT_EQ(en.json().at("error").at("field"), "file");
  auto zh =
      post(c, "/api/v1/elders/import?dry_run=true&filename=bomb.xlsx", bomb, k_xlsx_type, "zh-CN");
  EXPECT_EQ(zh.status, 413);
  EXPECT_NE(error_message(zh).find("文字总量超过64 MiB"), std::string::npos) << error_message(zh);
  // The device import reads workbooks with the same reader.
  auto dev = post(c, "/api/v1/devices/import?dry_run=true&filename=bomb.xlsx", bomb, k_xlsx_type);
  EXPECT_EQ(dev.status, 413) << dev.body.substr(0, 300);
  EXPECT_EQ(dev.error_code(), "import.text_too_large");
  expect_serving();
}

TEST_P(ImportLimits, CsvRowsWithTooManyFieldsAreRefused) {
  auto c = signed_in("guanzhuang");
  // The elder import: a header, then a line of 900,000 commas (900,001 empty fields).
  const std::string elders = "姓名,身份证号\n" + std::string(900'000, ',') + "\n";
  auto en = post(c, "/api/v1/elders/import?dry_run=true&filename=wide.csv", elders, "text/csv");
  EXPECT_EQ(en.status, 413) << en.body.substr(0, 300);
  EXPECT_EQ(en.error_code(), "import.too_many_columns");
  EXPECT_NE(error_message(en).find("row 2 has more than 1024 cells"), std::string::npos)
      << error_message(en);
  auto zh =
      post(c, "/api/v1/elders/import?dry_run=true&filename=wide.csv", elders, "text/csv", "zh-CN");
  EXPECT_EQ(zh.status, 413);
  EXPECT_NE(error_message(zh).find("单元格超过1024个"), std::string::npos) << error_message(zh);
  // The device import (at most 1 MiB): 1,025 fields on the header line.
  const std::string devices = std::string(ec::sheet::k_max_columns, ',') + "\nX-1,gas\n";
  auto dev = post(c, "/api/v1/devices/import?dry_run=true", devices, "text/csv; charset=utf-8");
  EXPECT_EQ(dev.status, 413) << dev.body.substr(0, 300);
  EXPECT_EQ(dev.error_code(), "import.too_many_columns");
  expect_serving();
}

}  // namespace
