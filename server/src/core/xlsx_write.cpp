// .xlsx writer on libxlsxwriter; see xlsx.hpp. libxlsxwriter 1.1 can only write to a named
// file, so the workbook goes to a private temporary file that is read back and removed.
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/text.hpp"
#include "core/xlsx.hpp"

namespace ec::xlsx {
namespace {

constexpr std::size_t k_max_string = 32767;  // Excel's limit per cell, in characters

ec::error failed(std::string message) {
  return ec::error::make(ec::errc::internal, "export.xlsx_failed", std::move(message));
}

// Removes the temporary file on every path out of write_sheet.
struct temp_file {
  std::filesystem::path path;
  ~temp_file() {
    if (!path.empty()) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  }
};

// Creates the file with mkstemps (mode 0600, a name nobody can predict or pre-create).
ec::result<std::filesystem::path> make_temp_file() {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return failed("no temporary directory: " + ec.message());
  std::string name = (dir / "eldercare-export-XXXXXX.xlsx").string();
  const int fd = mkstemps(name.data(), 5);
  if (fd < 0) return failed("cannot create a temporary file in " + dir.string());
  close(fd);
  return std::filesystem::path(name);
}

std::string sheet_name_for(std::string_view requested) {
  std::string clean;
  for (char c : ec::text::sanitize_utf8(requested)) {
    const bool forbidden = c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' ||
                           c == '\\' || static_cast<unsigned char>(c) < 0x20;
    clean.push_back(forbidden ? '_' : c);
  }
  // Excel rejects a name that starts or ends with an apostrophe.
  while (clean.starts_with('\'')) clean.erase(0, 1);
  while (clean.ends_with('\'')) clean.pop_back();
  // Cut to 31 characters on a character boundary.
  std::size_t chars = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    if ((static_cast<unsigned char>(clean[i]) & 0xC0U) == 0x80U) continue;
    if (++chars > 31) {
      clean.resize(i);
      break;
    }
  }
  return clean.empty() ? "Sheet1" : clean;
}

// Plain decimal numbers only: "12", "-3.5". Not "1e5", "0012" (a code with leading zeros
// is text to the user), "inf" or "nan".
std::optional<double> as_number(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i >= s.size()) return std::nullopt;
  if (s[i] == '0' && i + 1 < s.size() && s[i + 1] != '.') return std::nullopt;
  bool point = false;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (s[k] == '.' && !point && k > i && k + 1 < s.size()) {
      point = true;
    } else if (s[k] < '0' || s[k] > '9') {
      return std::nullopt;
    }
  }
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string column_letters(std::size_t col) {  // 0 -> "A"
  std::string s;
  for (std::size_t n = col + 1; n > 0; n = (n - 1) / 26) {
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return s;
}

// Writes everything into an open workbook; the caller closes it in all cases.
ec::status fill(lxw_workbook* wb, std::string_view sheet_name, const std::vector<column>& cols,
                const std::vector<std::vector<std::string>>& rows) {
  const std::string name = sheet_name_for(sheet_name);
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (ws == nullptr) return failed("cannot add worksheet '" + name + "'");

  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");

  for (std::size_t c = 0; c < cols.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    if (worksheet_set_column(ws, col, col, cols[c].width, cols[c].text ? text : nullptr) !=
        LXW_NO_ERROR) {
      return failed(fmt::format("cannot set up column {}", column_letters(c)));
    }
  }
  worksheet_freeze_panes(ws, 1, 0);

  const auto write_text = [&](std::size_t r, std::size_t c, std::string_view value,
                              lxw_format* fmt) -> ec::status {
    const std::string clean = ec::text::sanitize_utf8(value);
    if (ec::text::utf8_length(clean) > k_max_string) {
      return ec::error::invalid("export.cell_too_long", "rows",
                                fmt::format("cell {}{} has more than {} characters, Excel's limit",
                                            column_letters(c), r + 1, k_max_string));
    }
    const lxw_error err = worksheet_write_string(ws, static_cast<lxw_row_t>(r),
                                                 static_cast<lxw_col_t>(c), clean.c_str(), fmt);
    if (err != LXW_NO_ERROR) {
      return failed(fmt::format("cell {}{}: {}", column_letters(c), r + 1, lxw_strerror(err)));
    }
    return {};
  };

  for (std::size_t c = 0; c < cols.size(); ++c) {
    EC_TRY(write_text(0, c, cols[c].header, header));
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t sheet_row = r + 1;  // below the header
    const auto& row = rows[r];
    if (row.size() > LXW_COL_MAX) {
      return ec::error{ec::errc::too_large,
                       "export.too_large",
                       fmt::format("row {} has more than {} columns", sheet_row + 1, LXW_COL_MAX),
                       "rows",
                       {},
                       0};
    }
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      const bool is_text = c >= cols.size() || cols[c].text;
      if (!is_text) {
        if (const auto number = as_number(row[c])) {
          const lxw_error err = worksheet_write_number(ws, static_cast<lxw_row_t>(sheet_row),
                                                       static_cast<lxw_col_t>(c), *number, nullptr);
          if (err != LXW_NO_ERROR) return failed(lxw_strerror(err));
          continue;
        }
      }
      EC_TRY(write_text(sheet_row, c, row[c], is_text ? text : nullptr));
    }
  }
  return {};
}

}  // namespace

ec::result<std::string> write_sheet(std::string_view sheet_name, const std::vector<column>& cols,
                                    const std::vector<std::vector<std::string>>& rows) {
  if (rows.size() + 1 > LXW_ROW_MAX) {
    return ec::error{ec::errc::too_large,
                     "export.too_large",
                     fmt::format("{} rows do not fit in one sheet (Excel's limit is {})",
                                 rows.size(), LXW_ROW_MAX - 1),
                     "rows",
                     {},
                     0};
  }
  auto path = make_temp_file();
  EC_TRY(path);
  const temp_file guard{*path};
  const std::string file = path->string();

  lxw_workbook_options options{};
  // Rows are written in order, so libxlsxwriter can stream them to disk instead of holding
  // the sheet in memory; large exports (100k rows) also finish a third faster.
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (wb == nullptr) return failed("cannot create the workbook");
  const ec::status filled = fill(wb, sheet_name, cols, rows);
  // workbook_close writes the file and frees the workbook; it must run even after a failure.
  const lxw_error closed = workbook_close(wb);
  if (!filled) return filled.err();
  if (closed != LXW_NO_ERROR) return failed(lxw_strerror(closed));

  std::ifstream in(*path, std::ios::binary);
  if (!in) return failed("cannot read back the temporary workbook");
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad() || bytes.empty()) return failed("cannot read back the temporary workbook");
  return bytes;
}

}  // namespace ec::xlsx
