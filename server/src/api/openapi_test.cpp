// Keeps docs/openapi.yaml in step with the routes the server registers.
//
// The YAML is read with a deliberately small line-based parser (no YAML
// library): under the top-level `paths:` key, a path is a key at two spaces of
// indentation, an operation is an HTTP method key at four spaces, and the
// operation's `x-permission:` sits at six spaces. docs/openapi.yaml is written
// in that block style; the parser fails loudly when it finds nothing.
//
// Checked both ways: every route in code is documented, every documented
// /api/ operation exists in code, and each operation's x-permission equals the
// route's permission ("public" for public routes, "signed-in" for routes that
// need a session but no particular permission).
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "api/module.hpp"
#include "api/router.hpp"
#include "api/source_tree.hpp"

namespace ec::api {
namespace {

namespace fs = std::filesystem;

// (method in upper case, path) — e.g. ("GET", "/api/v1/elders/{id}").
using operation = std::pair<std::string, std::string>;

// Paths answered by the request pipeline itself (api/app.cpp), not the router.
const std::set<std::string> k_builtin_paths = {"/healthz", "/metrics"};

const std::set<std::string> k_methods = {"get",  "put",     "post",  "delete",
                                         "head", "options", "patch", "trace"};

std::optional<fs::path> find_openapi() {
  auto root = test_support::source_root();
  if (!root) return std::nullopt;
  return *root / "docs" / "openapi.yaml";
}

std::string strip(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

std::string unquote(std::string s) {
  s = strip(std::move(s));
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

std::size_t indent_of(const std::string& line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// "key: value  # comment" → ("key", "value"); nullopt for lines without a key.
std::optional<std::pair<std::string, std::string>> key_value(const std::string& line) {
  auto body = strip(line);
  if (body.empty() || body.front() == '#' || body.front() == '-') return std::nullopt;
  std::size_t colon = std::string::npos;
  if (body.front() == '"' || body.front() == '\'') {
    auto close = body.find(body.front(), 1);
    if (close == std::string::npos) return std::nullopt;
    colon = body.find(':', close);
  } else {
    colon = body.find(':');
  }
  if (colon == std::string::npos) return std::nullopt;
  auto value = strip(body.substr(colon + 1));
  if (auto hash = value.find(" #"); hash != std::string::npos) value = strip(value.substr(0, hash));
  if (!value.empty() && value.front() == '#') value.clear();
  return std::make_pair(unquote(body.substr(0, colon)), unquote(value));
}

struct documented {
  std::map<operation, std::string> permission;  // operation → x-permission ("" if none)
  std::vector<std::string> problems;            // duplicates and the like
};

documented parse_openapi(std::istream& in) {
  documented out;
  bool in_paths = false;
  std::string path;
  std::optional<operation> op;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (strip(line).empty() || strip(line).front() == '#') continue;
    auto indent = indent_of(line);
    auto kv = key_value(line);
    if (indent == 0) {
      in_paths = kv && kv->first == "paths";
      path.clear();
      op.reset();
      continue;
    }
    if (!in_paths || !kv) continue;
    if (indent == 2) {
      path = kv->first;
      op.reset();
    } else if (indent == 4 && !path.empty()) {
      op.reset();
      if (!k_methods.contains(kv->first)) continue;  // e.g. path-level `parameters:`
      std::string method = kv->first;
      for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      op = operation{method, path};
      if (!out.permission.emplace(*op, "").second)
        out.problems.push_back("line " + std::to_string(lineno) + ": " + method + " " + path +
                               " is documented twice");
    } else if (indent == 6 && op && kv->first == "x-permission") {
      out.permission[*op] = kv->second;
    }
  }
  return out;
}

std::string expected_permission(const route& r) {
  if (r.is_public) return "public";
  return r.permission.empty() ? "signed-in" : r.permission;
}

std::string name_of(const operation& op) {
  return op.first + " " + op.second;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_all_routes(routes_);
    for (const auto& r : routes_.routes()) code_.emplace(operation{r.method, r.pattern}, &r);

    auto file = find_openapi();
    ASSERT_TRUE(file) << "docs/openapi.yaml not found: set ELDERCARE_SOURCE_DIR or run the test "
                         "from inside the source tree";
    std::ifstream in(*file);
    ASSERT_TRUE(in) << "cannot read " << file->string();
    doc_ = parse_openapi(in);
    ASSERT_FALSE(doc_.permission.empty())
        << "no operations found under `paths:` in " << file->string()
        << " (paths at 2 spaces, methods at 4 spaces of indentation)";
  }

  router routes_;
  std::map<operation, const route*> code_;
  documented doc_;
};

TEST(OpenApiParser, ReadsPathsMethodsAndPermissions) {
  std::istringstream yaml(
      "openapi: 3.1.0\n"
      "paths:\n"
      "  # a comment\n"
      "  /api/v1/things/{id}:\n"
      "    parameters:\n"
      "      - name: id\n"
      "    get:\n"
      "      summary: \"Get: a thing\"\n"
      "      x-permission: 'things:view'  # trailing comment\n"
      "      responses: {}\n"
      "    post:\n"
      "      x-permission: public\r\n"
      "  \"/healthz\":\n"
      "    get:\n"
      "      x-permission: public\n"
      "components:\n"
      "  schemas:\n"
      "    get:\n"
      "      x-permission: nope\n");
  auto doc = parse_openapi(yaml);
  EXPECT_TRUE(doc.problems.empty());
  std::map<operation, std::string> want = {
      {{"GET", "/api/v1/things/{id}"}, "things:view"},
      {{"POST", "/api/v1/things/{id}"}, "public"},
      {{"GET", "/healthz"}, "public"},
  };
  EXPECT_EQ(doc.permission, want);
}

TEST(OpenApiParser, ReportsDuplicateOperations) {
  std::istringstream yaml(
      "paths:\n"
      "  /a:\n"
      "    get:\n"
      "      x-permission: public\n"
      "  /a:\n"
      "    get:\n"
      "      x-permission: public\n");
  auto doc = parse_openapi(yaml);
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_NE(doc.problems[0].find("GET /a"), std::string::npos);
}

TEST_F(OpenApiTest, NoOperationIsDocumentedTwice) {
  for (const auto& p : doc_.problems) ADD_FAILURE() << p;
}

TEST_F(OpenApiTest, NoRouteIsRegisteredTwice) {
  EXPECT_EQ(code_.size(), routes_.routes().size())
      << "the same method and pattern registered twice";
}

TEST_F(OpenApiTest, EveryRouteIsDocumented) {
  for (const auto& [op, r] : code_) {
    EXPECT_TRUE(op.second.starts_with("/api/")) << name_of(op) << " is outside /api/";
    EXPECT_TRUE(doc_.permission.contains(op))
        << name_of(op) << " is registered in code but missing from docs/openapi.yaml";
  }
}

TEST_F(OpenApiTest, EveryDocumentedApiOperationExists) {
  for (const auto& [op, perm] : doc_.permission) {
    if (!op.second.starts_with("/api/")) continue;
    EXPECT_TRUE(code_.contains(op))
        << name_of(op) << " is documented in docs/openapi.yaml but no route serves it";
  }
}

TEST_F(OpenApiTest, OnlyBuiltInPathsAreDocumentedOutsideApi) {
  for (const auto& [op, perm] : doc_.permission) {
    if (op.second.starts_with("/api/")) continue;
    EXPECT_TRUE(k_builtin_paths.contains(op.second))
        << name_of(op) << " is documented but is neither an /api/ route nor a built-in path";
    EXPECT_EQ(op.first, "GET") << name_of(op);
    EXPECT_EQ(perm, "public") << name_of(op) << ": built-in endpoints need no session";
  }
  for (const auto& p : k_builtin_paths)
    EXPECT_TRUE(doc_.permission.contains(operation{"GET", p}))
        << "GET " << p << " is not documented";
}

TEST_F(OpenApiTest, PermissionsMatchTheRoutes) {
  for (const auto& [op, perm] : doc_.permission) {
    EXPECT_FALSE(perm.empty()) << name_of(op) << " has no x-permission";
    auto it = code_.find(op);
    if (it == code_.end()) continue;  // reported by EveryDocumentedApiOperationExists
    EXPECT_EQ(perm, expected_permission(*it->second))
        << name_of(op) << ": x-permission in docs/openapi.yaml differs from the route";
  }
}

}  // namespace
}  // namespace ec::api
