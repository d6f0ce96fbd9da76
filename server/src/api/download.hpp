// File downloads: the Content-Disposition for a name in Chinese, and an .xlsx response.
#pragma once

#include <string>

#include "api/http.hpp"

namespace ec::api {

// RFC 6266 / 5987: `ascii_name` for old clients and `utf8_name` percent-encoded for the rest.
std::string attachment(const std::string& ascii_name, const std::string& utf8_name);

// An .xlsx workbook as a download named so.
response xlsx_download(std::string bytes, const std::string& ascii_name,
                       const std::string& utf8_name);

}  // namespace ec::api
