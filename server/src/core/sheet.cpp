#include "core/sheet.hpp"

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

}  // namespace ec::sheet
