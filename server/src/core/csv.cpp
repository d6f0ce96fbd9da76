// RFC 4180 reader with Excel's encodings; see csv.hpp.
#include "core/csv.hpp"

#include <fmt/format.h>

#include "core/sheet.hpp"
#include "core/text.hpp"

namespace ec::csv {
namespace {

using table = std::vector<std::vector<std::string>>;

ec::result<table> parse_utf8(std::string_view s) {
  table rows;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;  // a second opening quote in the same field is literal
  bool row_touched = false;       // anything (text, comma, quote) seen on this row
  std::size_t line = 1;
  std::size_t quote_line = 0;
  ec::sheet::budget budget;  // cells per row, cells and text in all (core/sheet.hpp)

  const auto end_field = [&]() -> ec::status {
    EC_TRY(budget.add(rows.size() + 1, row.size() + 1, 1, field.size()));
    row.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    return {};
  };
  const auto end_row = [&]() -> ec::status {
    if (row_touched) {
      EC_TRY(end_field());
      rows.push_back(std::move(row));
    } else {
      rows.emplace_back();  // blank line: kept so row numbers stay aligned
    }
    row.clear();
    row_touched = false;
    return budget.check_rows(rows.size());
  };

  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (in_quotes) {
      if (c == '"') {
        if (next == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else if (c == '\r' && next == '\n') {
        field.push_back('\n');
        ++i;
        ++line;
      } else {
        if (c == '\n' || c == '\r') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case ',':
        EC_TRY(end_field());
        row_touched = true;
        break;
      case '"':
        row_touched = true;
        if (field.empty() && !field_was_quoted) {
          in_quotes = true;
          field_was_quoted = true;
          quote_line = line;
        } else {
          field.push_back(c);
        }
        break;
      case '\r':
      case '\n':
        if (c == '\r' && next == '\n') ++i;
        ++line;
        EC_TRY(end_row());
        break;
      default:
        field.push_back(c);
        row_touched = true;
    }
  }
  if (in_quotes) {
    return ec::error::invalid(
        "import.csv_malformed", "file",
        fmt::format("the quote opened on line {} is never closed", quote_line));
  }
  if (row_touched) EC_TRY(end_row());
  return rows;
}

}  // namespace

ec::result<table> parse(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return ec::error::invalid("import.encoding", "file",
                              "the file is UTF-16 (Excel's \"Unicode text\"); save it as "
                              "\"CSV UTF-8\" or as an .xlsx workbook");
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (ec::text::valid_utf8(bytes)) return parse_utf8(bytes);
  auto decoded = ec::text::to_utf8_from_gb18030(bytes);
  if (!decoded) {
    return ec::error::invalid(
        "import.encoding", "file",
        "the file is neither UTF-8 nor GB18030/GBK text: " + decoded.err().message);
  }
  return parse_utf8(*decoded);
}

ec::result<table> parse_utf8_only(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return ec::error::invalid("import.not_utf8", "file",
                              "the file is UTF-16 (Excel's \"Unicode text\"); save it as "
                              "\"CSV UTF-8\"");
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (ec::text::valid_utf8(bytes)) return parse_utf8(bytes);
  std::size_t line = 1;
  for (std::string_view rest = bytes; !rest.empty(); ++line) {
    auto nl = rest.find('\n');
    auto one = rest.substr(0, nl);
    if (!ec::text::valid_utf8(one)) break;
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  return ec::error::invalid(
      "import.not_utf8", "file",
      fmt::format("the file is not UTF-8 text (line {} has bytes that are not UTF-8, e.g. GBK); "
                  "save it as \"CSV UTF-8\"",
                  line));
}

}  // namespace ec::csv
