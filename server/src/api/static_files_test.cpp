#include "api/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

using ec::api::choose_encoding;
using ec::api::content_encoding;
using ec::api::static_files;

TEST(StaticFilesEncoding, PrefersBrotliThenGzip) {
  EXPECT_EQ(choose_encoding("gzip, deflate, br, zstd", true, true), content_encoding::br);
  EXPECT_EQ(choose_encoding("gzip, deflate", true, true), content_encoding::gzip);
  EXPECT_EQ(choose_encoding("br", true, true), content_encoding::br);
  EXPECT_EQ(choose_encoding("deflate", true, true), content_encoding::identity);
  EXPECT_EQ(choose_encoding("", true, true), content_encoding::identity);
  EXPECT_EQ(choose_encoding("identity", true, true), content_encoding::identity);
}

TEST(StaticFilesEncoding, OnlyWhatTheFileHas) {
  EXPECT_EQ(choose_encoding("gzip, br", false, true), content_encoding::gzip);
  EXPECT_EQ(choose_encoding("br", false, true), content_encoding::identity);
  EXPECT_EQ(choose_encoding("gzip, br", false, false), content_encoding::identity);
}

TEST(StaticFilesEncoding, QValuesAndWildcard) {
  EXPECT_EQ(choose_encoding("br;q=0, gzip", true, true), content_encoding::gzip);
  EXPECT_EQ(choose_encoding("br;q=0.0, gzip;q=0.5", true, true), content_encoding::gzip);
  EXPECT_EQ(choose_encoding("br; q=0 , gzip;q=0", true, true), content_encoding::identity);
  EXPECT_EQ(choose_encoding("BR;Q=1", true, true), content_encoding::br);
  EXPECT_EQ(choose_encoding("*", true, true), content_encoding::br);
  EXPECT_EQ(choose_encoding("*;q=0", true, true), content_encoding::identity);
  EXPECT_EQ(choose_encoding("br;q=0, *", true, true), content_encoding::gzip);
  EXPECT_EQ(choose_encoding("x-gzip", true, true), content_encoding::gzip);
}

class StaticFilesServe : public ::testing::Test {
 protected:
  std::filesystem::path root;
  void SetUp() override {
    std::random_device rd;
    root = std::filesystem::temp_directory_path() / ("ec_static_" + std::to_string(rd()));
    std::filesystem::create_directories(root / "assets");
    write("index.html", "<!doctype html>app");
    write("assets/app.js", "console.log('plain')");
    write("assets/app.js.gz", "GZIP-BYTES");
    write("assets/app.js.br", "BROTLI-BYTES");
    write("assets/only-gz.css", "body{}");
    write("assets/only-gz.css.gz", "GZ-CSS");
    write("favicon.svg", "<svg/>");
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  void write(const std::string& rel, const std::string& body) {
    std::ofstream(root / rel, std::ios::binary) << body;
  }
  static std::string header(const ec::api::response& r, std::string_view name) {
    for (const auto& h : r.headers)
      if (h.name == name) return h.value;
    return "";
  }
};

TEST_F(StaticFilesServe, ServesTheVariantTheRequestTakes) {
  static_files site(root.string());
  EXPECT_EQ(site.size(), 4u);  // .gz and .br copies are not files of their own

  auto br = site.serve("/assets/app.js", "", "gzip, deflate, br");
  ASSERT_TRUE(br);
  EXPECT_EQ(br->body, "BROTLI-BYTES");
  EXPECT_EQ(header(*br, "content-encoding"), "br");
  EXPECT_EQ(header(*br, "vary"), "Accept-Encoding");
  EXPECT_EQ(br->content_type, "text/javascript; charset=utf-8");

  auto gz = site.serve("/assets/app.js", "", "gzip");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->body, "GZIP-BYTES");
  EXPECT_EQ(header(*gz, "content-encoding"), "gzip");
  EXPECT_EQ(header(*gz, "vary"), "Accept-Encoding");

  auto plain = site.serve("/assets/app.js", "", "");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "console.log('plain')");
  EXPECT_EQ(header(*plain, "content-encoding"), "");
  EXPECT_EQ(header(*plain, "vary"), "Accept-Encoding");

  // Three encodings, three validators.
  auto e1 = header(*br, "etag"), e2 = header(*gz, "etag"), e3 = header(*plain, "etag");
  EXPECT_NE(e1, e2);
  EXPECT_NE(e1, e3);
  EXPECT_NE(e2, e3);

  auto css = site.serve("/assets/only-gz.css", "", "br, gzip");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->body, "GZ-CSS");
  EXPECT_EQ(header(*css, "content-encoding"), "gzip");

  // A file without copies is sent as it is, without Vary.
  auto svg = site.serve("/favicon.svg", "", "br");
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->body, "<svg/>");
  EXPECT_EQ(header(*svg, "vary"), "");
  EXPECT_EQ(header(*svg, "content-encoding"), "");
}

TEST_F(StaticFilesServe, NotModifiedOnlyForTheSameEncoding) {
  static_files site(root.string());
  auto br = site.serve("/assets/app.js", "", "br");
  auto tag = header(*br, "etag");
  auto again = site.serve("/assets/app.js", tag, "br");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(header(*again, "content-encoding"), "br");
  // The brotli validator does not match the gzip copy: the gzip bytes are sent.
  auto other = site.serve("/assets/app.js", tag, "gzip");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_EQ(other->body, "GZIP-BYTES");
}

TEST_F(StaticFilesServe, CompressedNamesAreNotServedDirectlyButRoutesGetTheApp) {
  static_files site(root.string());
  EXPECT_FALSE(site.serve("/assets/app.js.br", "", "br"));
  EXPECT_FALSE(site.serve("/assets/missing.js", "", "br"));
  auto route = site.serve("/registry/elders", "", "br");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body, "<!doctype html>app");
}

}  // namespace
