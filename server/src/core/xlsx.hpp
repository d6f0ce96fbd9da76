// Excel .xlsx import (first worksheet as text) and export (one formatted sheet).
//
// Reading parses the zip in memory with minizip and the XML with expat. Cells are placed by
// their reference, so result[r][c] is sheet cell (row r+1, column c+1) and gaps stay gaps:
// rows with no values are empty vectors, and a row ends at its last cell with a value.
// Cell text:
//   strings (shared, inline, formula results)  as stored; rich-text runs joined, phonetic
//                                               guides (rPh) left out
//   booleans                                    "TRUE" / "FALSE"
//   errors                                      as Excel shows them ("#N/A")
//   numbers                                     at most 15 significant digits (what Excel
//                                               keeps and shows), no exponent, no ".0":
//                                               1.1010519491231E+17 -> "110105194912310000",
//                                               so an ID typed as a number fails ID checks
//                                               (beyond 1E+30 or below 1E-20 an exponent
//                                               stays: "1.5E+32")
//   numbers in a date/time format               "2026-11-29", "2026-11-29 13:05:00" or
//                                               "13:05:00" (1900 and 1904 date systems)
// Failure, all with field "file":
//   import.xlsx_malformed  not a zip, a truncated or corrupt zip (CRC), no workbook or
//                          worksheet, bad XML, a DTD, a bad cell reference   kind invalid
//   import.too_large       more than 64 MiB uncompressed, more than k_max_rows rows or
//                          k_max_cells cells                                 kind too_large
//   import.too_many_columns, import.text_too_large: the limits of core/sheet.hpp on cells
//                          per row and on the cell text produced (a shared string counts
//                          for every cell that uses it)                      kind too_large
// Malicious input can neither crash the reader nor make it use memory beyond these caps.
//
// Writing uses libxlsxwriter, which writes to a file: a private temporary file under
// std::filesystem::temp_directory_path() that is removed before returning, on every path.
// Failure: export.xlsx_failed (kind internal) when the file cannot be made, export.too_large
// (kind too_large) beyond Excel's 1,048,575 data rows, export.cell_too_long (kind invalid)
// for a cell over Excel's 32,767 characters.
// Thread-safety: both functions are reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/sheet.hpp"

namespace ec::xlsx {

inline constexpr std::size_t k_max_uncompressed = 64U << 20U;
inline constexpr std::size_t k_max_rows = ec::sheet::k_max_rows;
inline constexpr std::size_t k_max_cells = ec::sheet::k_max_cells;

ec::result<std::vector<std::vector<std::string>>> read_first_sheet(std::string_view bytes);

struct column {
  std::string header;
  double width = 14;  // in Excel's character units
  bool text = true;   // text format "@": values stay text (ID numbers, phones, leading zeros)
};

// One sheet named `sheet_name` (characters Excel forbids, []:*?/\, become '_'; cut to 31
// characters; "Sheet1" if empty) with a bold, frozen header row. In a column with
// text = false, values that are plain decimal numbers are written as numbers. Invalid UTF-8
// is replaced by U+FFFD rather than producing a file Excel refuses to open.
ec::result<std::string> write_sheet(std::string_view sheet_name, const std::vector<column>& cols,
                                    const std::vector<std::vector<std::string>>& rows);

// The text Excel shows for a number stored as `raw` (the <v> text), as described above.
// Returns `raw` unchanged if it is not a decimal number.
std::string format_number(std::string_view raw);

}  // namespace ec::xlsx
