// The built web app, loaded into memory at start-up and served from there, so
// a request never touches the file system (no path traversal is possible).
// Hashed assets under /assets/ are cached for a year; index.html is
// revalidated; any other path without a file extension gets index.html (the
// client-side router owns it).
//
// The web build writes precompressed copies beside its assets (`x.js.br`,
// `x.js.gz`). They are not served under their own names: a request for `x.js`
// gets the brotli copy when its Accept-Encoding takes br, else the gzip copy
// when it takes gzip, else the file itself, with `Content-Encoding`,
// `Vary: Accept-Encoding` and an ETag of its own per encoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/http.hpp"

namespace ec::api {

enum class content_encoding { identity, gzip, br };

// Which copy to send for this Accept-Encoding (RFC 9110 §12.5.3: tokens with
// optional q-values; q=0 refuses; `*` stands for any coding not named): br
// preferred, then gzip, else identity. Only codings the file has are chosen.
content_encoding choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip);

class static_files {
 public:
  // Loads every file under `root` (a missing folder leaves the site empty).
  explicit static_files(const std::string& root);
  std::optional<response> serve(std::string_view path, std::string_view if_none_match,
                                std::string_view accept_encoding = {}) const;
  std::size_t size() const { return files_.size(); }
  static std::string_view content_type_for(std::string_view path);

 private:
  struct variant {
    std::string body;
    std::string etag;
  };
  struct file {
    std::string body;
    std::string type;
    std::string etag;
    std::optional<variant> br;
    std::optional<variant> gzip;
  };
  std::unordered_map<std::string, file> files_;  // "/assets/index-abc.js" → file
};

}  // namespace ec::api
