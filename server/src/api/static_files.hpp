// The built web app, loaded into memory at start-up and served from there, so
// a request never touches the file system (no path traversal is possible).
// Hashed assets under /assets/ are cached for a year; index.html is
// revalidated; any other path without a file extension gets index.html (the
// client-side router owns it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/http.hpp"

namespace ec::api {

class static_files {
 public:
  // Loads every file under `root` (a missing folder leaves the site empty).
  explicit static_files(const std::string& root);
  std::optional<response> serve(std::string_view path, std::string_view if_none_match) const;
  std::size_t size() const { return files_.size(); }
  static std::string_view content_type_for(std::string_view path);

 private:
  struct file {
    std::string body;
    std::string type;
    std::string etag;
  };
  std::unordered_map<std::string, file> files_;  // "/assets/index-abc.js" → file
};

}  // namespace ec::api
