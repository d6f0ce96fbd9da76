#include "api/download.hpp"

#include <cctype>

#include "core/sheet.hpp"

namespace ec::api {

std::string attachment(const std::string& ascii_name, const std::string& utf8_name) {
  std::string enc;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : utf8_name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      enc += static_cast<char>(ch);
    } else {
      enc += '%';
      enc += hex[ch >> 4];
      enc += hex[ch & 15];
    }
  }
  return "attachment; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + enc;
}

response xlsx_download(std::string bytes, const std::string& ascii_name,
                       const std::string& utf8_name) {
  response res;
  res.content_type = std::string(sheet::k_xlsx_type);
  res.body = std::move(bytes);
  res.set("content-disposition", attachment(ascii_name, utf8_name));
  return res;
}

}  // namespace ec::api
