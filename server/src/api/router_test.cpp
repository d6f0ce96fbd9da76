#include "api/router.hpp"

#include <gtest/gtest.h>

#include "api/module.hpp"

namespace ec::api {
namespace {

TEST(ParseTarget, PathAndDecodedQueryLastValueWins) {
  auto t = parse_target("/api/v1/elders?q=%E7%8E%8B&page=2&page=3&size=");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/api/v1/elders");
  EXPECT_EQ(t->query.at("q"), "\xE7\x8E\x8B");
  EXPECT_EQ(t->query.at("page"), "3");
  EXPECT_EQ(t->query.at("size"), "");
  auto plus = parse_target("/a?x=1+2&y=%2B");
  ASSERT_TRUE(plus.ok());
  EXPECT_EQ(plus->query.at("y"), "+");
}

TEST(ParseTarget, MalformedTargetsAndBrokenUtf8) {
  EXPECT_EQ(parse_target("api/v1").err().code, "request.bad_target");
  EXPECT_EQ(parse_target("http://x/a").err().code, "request.bad_target");
  EXPECT_EQ(parse_target("/a b").err().code, "request.bad_target");
  EXPECT_EQ(parse_target("/a?x=%ZZ").err().code, "request.bad_target");
  EXPECT_EQ(parse_target("/a?x=%FF").err().code, "request.invalid_utf8");
  EXPECT_EQ(parse_target("/a?%C3=1").err().code, "request.invalid_utf8");
  EXPECT_EQ(parse_target("/a?x=%FF").err().kind, errc::invalid);
}

TEST(PageParams, DefaultsRangesAndTheParameterNamed) {
  std::map<std::string, std::string, std::less<>> q;
  auto d = page_params(q, 20, 500);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, std::make_pair(std::int64_t{1}, std::int64_t{20}));
  q = {{"page", "3"}, {"size", "500"}};
  EXPECT_EQ(*page_params(q, 20, 500), std::make_pair(std::int64_t{3}, std::int64_t{500}));
  for (const char* bad : {"0", "-1", "501", "1.5", "+5", " 5", "5 ", "99999999999999999999"}) {
    q = {{"size", bad}};
    auto r = page_params(q, 20, 500);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, "request.bad_query");
    EXPECT_EQ(r.err().field, "size");
  }
  q = {{"page", "1000001"}};
  EXPECT_EQ(page_params(q, 20, 500).err().field, "page");
}

TEST(Router, EveryRouteMatchesItsOwnPatternAndLiteralsWin) {
  router r;
  register_all_routes(r);
  std::map<std::string, std::string, std::less<>> params;
  bool matched = false;
  const auto* exp = r.match("GET", "/api/v1/elders/export", params, matched);
  ASSERT_NE(exp, nullptr);
  EXPECT_EQ(exp->pattern, "/api/v1/elders/export");
  const auto* one = r.match("GET", "/api/v1/elders/42", params, matched);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(params.at("id"), "42");
  EXPECT_EQ(r.match("PATCH", "/api/v1/elders/42", params, matched), nullptr);
  EXPECT_TRUE(matched);  // 405, not 404
  EXPECT_EQ(r.match("GET", "/api/v1/nothing/here", params, matched), nullptr);
  EXPECT_FALSE(matched);
  // Deep paths (more segments than any route) match nothing.
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "/x";
  EXPECT_EQ(r.match("GET", deep, params, matched), nullptr);
}

}  // namespace
}  // namespace ec::api
