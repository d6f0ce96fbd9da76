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

TEST(SheetBudget, CountsCellsPerRowCellsAndText) {
  budget b;
  EXPECT_TRUE(b.add(1, k_max_columns, k_max_columns, 10).ok());
  auto wide = b.add(2, k_max_columns + 1, 1, 0);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.err().code, "import.too_many_columns");
  EXPECT_EQ(wide.err().kind, errc::too_large);
  EXPECT_EQ(wide.err().field, "file");
  EXPECT_NE(wide.err().message.find("row 2"), std::string::npos);

  budget text;
  EXPECT_TRUE(text.add(1, 1, 1, k_max_text_bytes).ok());
  auto more = text.add(2, 1, 1, 1);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.err().code, "import.text_too_large");
  EXPECT_EQ(more.err().kind, errc::too_large);

  budget cells;
  for (std::size_t r = 1; r <= k_max_cells / 1000; ++r)
    ASSERT_TRUE(cells.add(r, 1000, 1000, 0).ok());
  EXPECT_EQ(cells.cells(), k_max_cells);
  auto over = cells.add(1, 1000, 1, 0);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.err().code, "import.too_large");

  EXPECT_TRUE(b.check_rows(k_max_rows).ok());
  EXPECT_EQ(b.check_rows(k_max_rows + 1).err().code, "import.too_large");
}

}  // namespace
}  // namespace ec::sheet
