// CSV import (RFC 4180) for survey sheets saved from Excel or WPS.
//
// - Fields are separated by ',' and rows by CRLF, LF or a lone CR. A field in double quotes
//   may contain commas, line breaks (CRLF inside a field becomes LF) and doubled quotes.
//   Quotes in the middle of an unquoted field, or text after a closing quote, are kept as
//   literal characters (Excel is equally forgiving).
// - A UTF-8 byte-order mark is stripped. Bytes that are not valid UTF-8 are decoded as
//   GB18030, which is what "CSV" from Excel on Chinese Windows is.
// - Row i of the result is line-wise row i+1 of the file, so callers can report "row 7".
//   A completely blank line is kept as an EMPTY row (a vector with no fields) rather than
//   dropped, so numbering stays aligned; a line of only commas gives a row of empty strings.
//   A final line break does not start another row.
//
// Failure (all errors name field "file"):
//   import.encoding       neither UTF-8 nor GB18030 (also UTF-16 files, with advice)  kind invalid
//   import.csv_malformed  a quote is never closed; the message gives its line   kind invalid
//   import.too_large      more than k_max_rows rows or sheet::k_max_cells cells  kind too_large
//   import.too_many_columns  a row with more than sheet::k_max_columns fields   kind too_large
//   import.text_too_large    more than sheet::k_max_text_bytes of text          kind too_large
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/sheet.hpp"

namespace ec::csv {

inline constexpr std::size_t k_max_rows = ec::sheet::k_max_rows;

ec::result<std::vector<std::vector<std::string>>> parse(std::string_view bytes);

// The same reader for files that must be UTF-8 (the device import's template says so): a BOM
// is stripped, anything else that is not UTF-8 (GBK, UTF-16) is import.not_utf8 naming the
// first line with a bad byte, nothing is guessed.
ec::result<std::vector<std::vector<std::string>>> parse_utf8_only(std::string_view bytes);

}  // namespace ec::csv
