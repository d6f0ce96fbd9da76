// The two spreadsheet formats the imports take (elders, devices), how an upload says which
// it is (the Content-Type, or else the file name the browser passes as ?filename=), and the
// limits both readers (core/csv.hpp, core/xlsx.hpp) put on what a file turns into, so that a
// small file cannot make the server build a huge table:
//   rows               k_max_rows       import.too_large         (also gaps up to the last row)
//   cells in one row   k_max_columns    import.too_many_columns  (gaps before a cell count)
//   cells in all rows  k_max_cells      import.too_large
//   bytes of cell text k_max_text_bytes import.text_too_large    (an .xlsx shared string counts
//                                                                 once for every cell using it)
// All are kind too_large (HTTP 413) with field "file".
// Thread-safety: pure functions; a `budget` belongs to one reader.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace ec::sheet {

enum class format { csv, xlsx };

inline constexpr std::string_view k_xlsx_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// text/csv or a name ending in .csv → csv; the XLSX type or a name ending in .xlsx → xlsx
// (either case); anything else → nullopt. The type wins over the name.
std::optional<format> format_of(std::string_view content_type, std::string_view filename);

inline constexpr std::size_t k_max_rows = 200'000;
// The import templates have 13 (elders) and 6 (devices) columns; 1,024 leaves room for any
// survey sheet while a row of a million empty fields stays out.
inline constexpr std::size_t k_max_columns = 1'024;
inline constexpr std::size_t k_max_cells = 4'000'000;
inline constexpr std::size_t k_max_text_bytes = 64U << 20U;

// Counts what a reader produces against the limits above.
class budget {
 public:
  // A row (1-based, for the message) grows to `row_cells` cells, `added` of them new, holding
  // `text_bytes` more bytes of text. An error once a limit is passed.
  ec::status add(std::size_t row, std::size_t row_cells, std::size_t added, std::size_t text_bytes);
  ec::status check_rows(std::size_t rows) const;
  std::size_t cells() const { return cells_; }
  std::size_t text_bytes() const { return text_; }

 private:
  std::size_t cells_ = 0;
  std::size_t text_ = 0;
};

}  // namespace ec::sheet
