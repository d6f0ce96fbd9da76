#include "api/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace ec::api {

std::string_view static_files::content_type_for(std::string_view path) {
  auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json") || ends(".map")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".woff")) return "font/woff";
  if (ends(".ttf")) return "font/ttf";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ends(".webmanifest")) return "application/manifest+json";
  return "application/octet-stream";
}

static_files::static_files(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto rel = "/" + fs::relative(it->path(), root).generic_string();
    file f;
    f.body = ss.str();
    f.type = std::string(content_type_for(rel));
    f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 16) + "\"";
    files_.emplace(rel, std::move(f));
  }
}

std::optional<response> static_files::serve(std::string_view path,
                                            std::string_view if_none_match) const {
  std::string key(path);
  if (key == "/") key = "/index.html";
  auto it = files_.find(key);
  if (it == files_.end()) {
    // A client route (/elders/12) gets the app; a missing asset is a 404.
    auto last = key.substr(key.rfind('/') + 1);
    if (last.find('.') != std::string::npos) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
    key = "/index.html";
  }
  response r;
  r.content_type = it->second.type;
  r.set("etag", it->second.etag);
  if (key.starts_with("/assets/"))
    r.set("cache-control", "public, max-age=31536000, immutable");
  else
    r.set("cache-control", "no-cache");
  if (!if_none_match.empty() && if_none_match == it->second.etag) {
    r.status = 304;
    return r;
  }
  r.body = it->second.body;
  return r;
}

}  // namespace ec::api
