// The two spreadsheet formats the imports take (elders, devices), and how an upload says
// which it is: the Content-Type, or else the file name the browser passes as ?filename=.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace ec::sheet {

enum class format { csv, xlsx };

inline constexpr std::string_view k_xlsx_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// text/csv or a name ending in .csv → csv; the XLSX type or a name ending in .xlsx → xlsx
// (either case); anything else → nullopt. The type wins over the name.
std::optional<format> format_of(std::string_view content_type, std::string_view filename);

}  // namespace ec::sheet
