// Keeps the settings table in docs/OPERATIONS.md in step with core/config.cpp:
// every setting has exactly one table row naming its key, environment variable,
// flag and default, and every row names a setting that exists.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace ec {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> find_doc(const fs::path& rel) {
  if (const char* src = std::getenv("ELDERCARE_SOURCE_DIR"); src && *src) {
    if (fs::exists(fs::path(src) / rel)) return fs::path(src) / rel;
  }
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / rel)) return dir / rel;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

// The cells of a Markdown table row "| a | b |" without surrounding spaces.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = line.find('|');
  while (i != std::string::npos) {
    auto j = line.find('|', i + 1);
    if (j == std::string::npos) break;
    auto c = line.substr(i + 1, j - i - 1);
    while (!c.empty() && c.front() == ' ') c.erase(c.begin());
    while (!c.empty() && c.back() == ' ') c.pop_back();
    out.push_back(c);
    i = j;
  }
  return out;
}

std::string code(const std::string& s) {
  return "`" + s + "`";
}

TEST(OperationsDoc, SettingsTableMatchesConfig) {
  auto file = find_doc(fs::path("docs") / "OPERATIONS.md");
  ASSERT_TRUE(file) << "docs/OPERATIONS.md not found: set ELDERCARE_SOURCE_DIR or run the test "
                       "from inside the source tree";
  std::ifstream in(*file);
  ASSERT_TRUE(in);
  // Rows of the settings table start with a backquoted key that contains a dot.
  std::map<std::string, std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| `")) continue;
    auto c = cells(line);
    if (c.size() < 4 || c[0].find('.') == std::string::npos || !c[1].starts_with("`ELDERCARE_"))
      continue;
    EXPECT_FALSE(rows.contains(c[0])) << c[0] << " has two rows";
    rows[c[0]] = c;
  }
  ASSERT_FALSE(rows.empty()) << "no settings table found in " << file->string();

  for (const auto& s : settings()) {
    auto it = rows.find(code(s.key));
    if (it == rows.end()) {
      ADD_FAILURE() << s.key << " is missing from the settings table in docs/OPERATIONS.md";
      continue;
    }
    const auto& c = it->second;
    EXPECT_EQ(c[1], code(s.env)) << s.key;
    EXPECT_EQ(c[2], code(s.flag)) << s.key;
    EXPECT_EQ(c[3], code(s.default_value)) << s.key;
    rows.erase(it);
  }
  for (const auto& [key, c] : rows)
    ADD_FAILURE() << key << " is in docs/OPERATIONS.md but is not a setting";
}

}  // namespace
}  // namespace ec
