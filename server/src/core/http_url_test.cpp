#include "core/http_url.hpp"

#include <gtest/gtest.h>

namespace ec {
namespace {

TEST(HttpUrl, ParsesHostPortAndTarget) {
  auto u = parse_http_url("http://127.0.0.1:8090/sms/send?key=abc");
  ASSERT_TRUE(u.ok()) << u.err().message;
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8090);
  EXPECT_EQ(u->target, "/sms/send?key=abc");
  EXPECT_EQ(u->host_header(), "127.0.0.1:8090");
}

TEST(HttpUrl, DefaultsPortAndPath) {
  auto u = parse_http_url("HTTP://Gateway.Example.ORG");
  ASSERT_TRUE(u.ok()) << u.err().message;
  EXPECT_EQ(u->host, "gateway.example.org");
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header(), "gateway.example.org");

  auto q = parse_http_url("http://relay?token=1");
  ASSERT_TRUE(q.ok()) << q.err().message;
  EXPECT_EQ(q->target, "/?token=1");
}

TEST(HttpUrl, Ipv6InBrackets) {
  auto u = parse_http_url("http://[::1]:9000/hook");
  ASSERT_TRUE(u.ok()) << u.err().message;
  EXPECT_EQ(u->host, "::1");
  EXPECT_TRUE(u->ipv6);
  EXPECT_EQ(u->port, 9000);
  EXPECT_EQ(u->host_header(), "[::1]:9000");
}

TEST(HttpUrl, HttpsDefaultsTo443AndOmitsItFromHost) {
  auto u = parse_http_url("HTTPS://SMS.Example.com/send?sig=1", "monitoring.webhook_url");
  ASSERT_TRUE(u.ok()) << u.err().message;
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "sms.example.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/send?sig=1");
  EXPECT_EQ(u->host_header(), "sms.example.com");

  auto p = parse_http_url("https://127.0.0.1:8443/hook");
  ASSERT_TRUE(p.ok()) << p.err().message;
  EXPECT_TRUE(p->tls);
  EXPECT_EQ(p->host_header(), "127.0.0.1:8443");
  // Port 80 is not the default of https, so it is named.
  EXPECT_EQ(parse_http_url("https://gw:80/")->host_header(), "gw:80");
  EXPECT_FALSE(parse_http_url("http://gw/")->tls);
  EXPECT_EQ(parse_http_url("http://gw:443/")->host_header(), "gw:443");
}

TEST(HttpUrl, RejectsEachBrokenRuleByName) {
  struct bad_case {
    const char* url;
    const char* says;
  };
  const bad_case cases[] = {
      {"", "must not be empty"},
      {"127.0.0.1:80/x", "must start with https:// or http://"},
      {"ftp://host/", "not ftp://"},
      {"wss://host/", "not wss://"},
      {"http://user:pw@host/", "user name or password"},
      {"http:///path", "must name a host"},
      {"http://host:/", "port must be"},
      {"http://host:0/", "port must be"},
      {"http://host:65536/", "port must be"},
      {"http://host:8o/", "port must be"},
      {"http://host/a#frag", "fragment"},
      {"http://host/a b", "spaces"},
      {"http://host/\xe7\x9f\xad", "non-ASCII"},
      {"http://ho$t/", "host may hold only"},
      {"http://[::1/", "missing its ']'"},
      {"http://[::1]x/", "only ':port'"},
      {"http://[]/", "must name a host"},
  };
  for (const auto& c : cases) {
    auto u = parse_http_url(c.url);
    ASSERT_FALSE(u.ok()) << c.url;
    EXPECT_NE(u.err().message.find(c.says), std::string::npos) << c.url << ": " << u.err().message;
  }
}

}  // namespace
}  // namespace ec
