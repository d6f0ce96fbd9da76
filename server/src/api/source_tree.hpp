// For tests that read the source tree (docs/openapi.yaml, the web app, the includes of the
// modules): its root, from ELDERCARE_SOURCE_DIR or the nearest directory above the current one
// that holds `marker` (a path relative to the root).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>

namespace ec::test_support {

inline std::optional<std::filesystem::path> source_root(
    const std::filesystem::path& marker = std::filesystem::path("docs") / "openapi.yaml") {
  namespace fs = std::filesystem;
  if (const char* src = std::getenv("ELDERCARE_SOURCE_DIR"); src && *src)
    if (fs::exists(fs::path(src) / marker)) return fs::path(src);
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / marker)) return dir;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

}  // namespace ec::test_support
