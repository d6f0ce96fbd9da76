#include "core/sheet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ec::sheet {
namespace {

bool ends_with_nocase(std::string_view s, std::string_view tail) {
  if (s.size() < tail.size()) return false;
  return std::equal(tail.begin(), tail.end(), s.end() - static_cast<std::ptrdiff_t>(tail.size()),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b));
                    });
}

}  // namespace

std::optional<format> format_of(std::string_view content_type, std::string_view filename) {
  if (content_type.starts_with("text/csv")) return format::csv;
  if (content_type.starts_with(k_xlsx_type)) return format::xlsx;
  if (ends_with_nocase(filename, ".csv")) return format::csv;
  if (ends_with_nocase(filename, ".xlsx")) return format::xlsx;
  return std::nullopt;
}

ec::status budget::add(std::size_t row, std::size_t row_cells, std::size_t added,
                       std::size_t text_bytes) {
  if (row_cells > k_max_columns) {
    return ec::error{ec::errc::too_large,
                     "import.too_many_columns",
                     fmt::format("row {} has more than {} cells", row, k_max_columns),
                     "file",
                     {},
                     0};
  }
  cells_ += added;
  if (cells_ > k_max_cells) {
    return ec::error{ec::errc::too_large,
                     "import.too_large",
                     fmt::format("the file has more than {} cells", k_max_cells),
                     "file",
                     {},
                     0};
  }
  text_ += text_bytes;
  if (text_ > k_max_text_bytes) {
    return ec::error{ec::errc::too_large,
                     "import.text_too_large",
                     fmt::format("the cells hold more than {} MiB of text in all (a text used "
                                 "by many cells counts for each)",
                                 k_max_text_bytes >> 20U),
                     "file",
                     {},
                     0};
  }
  return {};
}

ec::status budget::check_rows(std::size_t rows) const {
  if (rows <= k_max_rows) return {};
  return ec::error{ec::errc::too_large,
                   "import.too_large",
                   fmt::format("the file has more than {} rows", k_max_rows),
                   "file",
                   {},
                   0};
}

}  // namespace ec::sheet
