#include "core/sheet.hpp"

#include <gtest/gtest.h>

namespace ec::sheet {
namespace {

TEST(SheetFormat, TypeFirstThenName) {
  EXPECT_EQ(format_of("text/csv; charset=utf-8", ""), format::csv);
  EXPECT_EQ(format_of(k_xlsx_type, "list.csv"), format::xlsx);
  EXPECT_EQ(format_of("text/csv", "list.xlsx"), format::csv);
  EXPECT_EQ(format_of("application/octet-stream", "设备清单.XLSX"), format::xlsx);
  EXPECT_EQ(format_of("", "devices.Csv"), format::csv);
  EXPECT_EQ(format_of("application/octet-stream", "devices.xls"), std::nullopt);
  EXPECT_EQ(format_of("", "xlsx"), std::nullopt);
  EXPECT_EQ(format_of("", ""), std::nullopt);
}

}  // namespace
}  // namespace ec::sheet
