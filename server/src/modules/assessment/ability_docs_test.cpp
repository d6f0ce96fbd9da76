// Keeps docs/ASSESSMENT.md in step with the catalogue in ability.cpp: every item's heading and
// every option's row appear, in the catalogue's order, and so does every grade's band.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "api/source_tree.hpp"
#include "modules/assessment/ability.hpp"

namespace ec::assessment {
namespace {

std::string read_doc() {
  auto root = test_support::source_root(std::filesystem::path("docs") / "ASSESSMENT.md");
  if (!root) return {};
  std::ifstream in(*root / "docs" / "ASSESSMENT.md", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AssessmentDocs, EveryItemAndOptionIsListedInOrder) {
  auto doc = read_doc();
  ASSERT_FALSE(doc.empty()) << "docs/ASSESSMENT.md not found: set ELDERCARE_SOURCE_DIR";
  auto at = doc.find("## The items and their options");
  ASSERT_NE(at, std::string::npos);
  for (const auto& it : items()) {
    auto heading = "**" + std::string(it.ref) + " " + std::string(it.name_zh) + "**";
    at = doc.find(heading, at);
    ASSERT_NE(at, std::string::npos) << heading << " missing or out of order";
    for (const auto& o : it.options) {
      auto row = "| " + std::to_string(o.score) + " | " + std::string(o.text_zh) + " |\n";
      auto p = doc.find(row, at);
      ASSERT_NE(p, std::string::npos) << it.ref << ": " << row;
      at = p;
    }
  }
}

TEST(AssessmentDocs, EveryGradeAndBandIsListed) {
  auto doc = read_doc();
  ASSERT_FALSE(doc.empty());
  for (const auto& g : grades()) {
    auto band = g.min_total == g.max_total
                    ? std::to_string(g.min_total)
                    : std::to_string(g.min_total) + "–" + std::to_string(g.max_total);
    auto row = "| " + std::to_string(static_cast<int>(g.id)) + " | " + std::string(g.name_zh) +
               " | " + std::string(g.short_zh) + " | " + band + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << row;
  }
}

}  // namespace
}  // namespace ec::assessment
