#include "api/static_files.hpp"

#include <cctype>
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

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

// The q-value of one Accept-Encoding element ("gzip;q=0.5" → 0.5); a malformed q counts as 1.
double q_value(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    auto p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      auto v = p.substr(2);
      if (v.empty()) return 1;
      if (v[0] == '0') {
        // "0", "0.", "0.000" refuse; "0.5" accepts.
        for (auto c : v.substr(1))
          if (c >= '1' && c <= '9') return 0.5;
        return 0;
      }
      return 1;
    }
  }
  return 1;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

content_encoding choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
  // -1: not named; otherwise the q-value given.
  double br = -1, gzip = -1, any = -1;
  auto rest = accept_encoding;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    auto semi = item.find(';');
    auto name = trim(item.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : q_value(item.substr(semi + 1));
    if (iequals(name, "br"))
      br = q;
    else if (iequals(name, "gzip") || iequals(name, "x-gzip"))
      gzip = q;
    else if (name == "*")
      any = q;
  }
  if (br < 0) br = any > 0 ? any : 0;
  if (gzip < 0) gzip = any > 0 ? any : 0;
  if (have_br && br > 0) return content_encoding::br;
  if (have_gzip && gzip > 0) return content_encoding::gzip;
  return content_encoding::identity;
}

static_files::static_files(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return;
  std::unordered_map<std::string, fs::path> compressed;  // "/assets/x.js.br" → path
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto rel = "/" + fs::relative(it->path(), root).generic_string();
    if (rel.ends_with(".br") || rel.ends_with(".gz")) {
      compressed.emplace(rel, it->path());
      continue;
    }
    file f;
    f.body = read_file(it->path());
    f.type = std::string(content_type_for(rel));
    f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 16) + "\"";
    files_.emplace(rel, std::move(f));
  }
  for (auto& [rel, path] : compressed) {
    auto base = files_.find(rel.substr(0, rel.size() - 3));
    if (base == files_.end()) {
      // A compressed file of its own (no original beside it) is served as it is.
      file f;
      f.body = read_file(path);
      f.type = std::string(content_type_for(rel));
      f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 16) + "\"";
      files_.emplace(rel, std::move(f));
      continue;
    }
    bool br = rel.ends_with(".br");
    // The same validator as the original, marked per coding: caches must not mix them.
    auto tag = base->second.etag.substr(0, base->second.etag.size() - 1) + (br ? "-br\"" : "-gz\"");
    (br ? base->second.br : base->second.gzip) = variant{read_file(path), std::move(tag)};
  }
}

std::optional<response> static_files::serve(std::string_view path, std::string_view if_none_match,
                                            std::string_view accept_encoding) const {
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
  const file& f = it->second;
  const std::string* body = &f.body;
  const std::string* etag = &f.etag;
  response r;
  r.content_type = f.type;
  switch (choose_encoding(accept_encoding, f.br.has_value(), f.gzip.has_value())) {
    case content_encoding::br:
      body = &f.br->body;
      etag = &f.br->etag;
      r.set("content-encoding", "br");
      break;
    case content_encoding::gzip:
      body = &f.gzip->body;
      etag = &f.gzip->etag;
      r.set("content-encoding", "gzip");
      break;
    case content_encoding::identity:
      break;
  }
  if (f.br || f.gzip) r.set("vary", "Accept-Encoding");
  r.set("etag", *etag);
  if (key.starts_with("/assets/"))
    r.set("cache-control", "public, max-age=31536000, immutable");
  else
    r.set("cache-control", "no-cache");
  if (!if_none_match.empty() && if_none_match == *etag) {
    r.status = 304;
    return r;
  }
  r.body = *body;
  return r;
}

}  // namespace ec::api
