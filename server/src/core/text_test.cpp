#include "core/text.hpp"

#include <gtest/gtest.h>

namespace {

namespace tx = ec::text;
using strings = std::vector<std::string>;

TEST(Text, ValidUtf8) {
  EXPECT_TRUE(tx::valid_utf8(""));
  EXPECT_TRUE(tx::valid_utf8("abc"));
  EXPECT_TRUE(tx::valid_utf8("\xE7\x8E\x8B\xE7\xA7\x80\xE8\x8B\xB1"));  // 王秀英
  EXPECT_TRUE(tx::valid_utf8("\xF0\x9F\x98\x80"));                      // emoji
  EXPECT_FALSE(tx::valid_utf8("\xC0\xAF"));                             // overlong '/'
  EXPECT_FALSE(tx::valid_utf8("\xE0\x80\xAF"));                         // overlong
  EXPECT_FALSE(tx::valid_utf8("\xED\xA0\x80"));                         // surrogate
  EXPECT_FALSE(tx::valid_utf8("\xF4\x90\x80\x80"));                     // > U+10FFFF
  EXPECT_FALSE(tx::valid_utf8("\xE7\x8E"));                             // truncated
  EXPECT_FALSE(tx::valid_utf8("\xCD\xF5"));                             // GBK 王
  EXPECT_FALSE(tx::valid_utf8("\x80"));
}

TEST(Text, Trim) {
  EXPECT_EQ(tx::trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(tx::trim("\xE3\x80\x80\xE7\x8E\x8B\xC2\xA0"), "\xE7\x8E\x8B");
  EXPECT_EQ(tx::trim("\xEF\xBB\xBF"
                     "x\xE2\x80\x8B"),
            "x");
  EXPECT_EQ(tx::trim("\xE3\x80\x80 \xC2\xA0"), "");
  EXPECT_EQ(tx::trim(""), "");
  // An inner ideographic space stays.
  EXPECT_EQ(tx::trim("a\xE3\x80\x80"
                     "b"),
            "a\xE3\x80\x80"
            "b");
}

TEST(Text, Utf8Length) {
  EXPECT_EQ(tx::utf8_length(""), 0U);
  EXPECT_EQ(tx::utf8_length("abc"), 3U);
  EXPECT_EQ(tx::utf8_length("\xE7\x8E\x8B\xE7\xA7\x80\xE8\x8B\xB1"), 3U);
  EXPECT_EQ(tx::utf8_length("a\xF0\x9F\x98\x80"), 2U);
  EXPECT_EQ(tx::utf8_length("\xFF\xFE"), 2U);  // each bad byte counts once
}

TEST(Text, Gb18030) {
  // "王秀英" in GBK (two bytes each).
  auto r = tx::to_utf8_from_gb18030("\xCD\xF5\xD0\xE3\xD3\xA2");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(*r, "\xE7\x8E\x8B\xE7\xA7\x80\xE8\x8B\xB1");
  // GB18030's four-byte form: 81 30 81 30 is U+0080.
  auto four = tx::to_utf8_from_gb18030(
      "a\x81\x30\x81\x30"
      "b");
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(*four,
            "a\xC2\x80"
            "b");
  EXPECT_EQ(*tx::to_utf8_from_gb18030(""), "");
  auto bad = tx::to_utf8_from_gb18030("ab\xFF\xFF");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, "text.encoding");
  auto cut = tx::to_utf8_from_gb18030("\xCD\xF5\xD0");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.err().code, "text.encoding");
}

TEST(Text, Gb18030LongInput) {
  std::string in;
  std::string expect;
  for (int i = 0; i < 10000; ++i) {
    in +=
        "\xCD\xF5"
        "1";
    expect +=
        "\xE7\x8E\x8B"
        "1";
  }
  auto r = tx::to_utf8_from_gb18030(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, expect);
}

TEST(Text, SanitizeUtf8) {
  EXPECT_EQ(tx::sanitize_utf8("a\xFF"
                              "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(tx::sanitize_utf8("\xE7\x8E\x8B"), "\xE7\x8E\x8B");
  EXPECT_TRUE(tx::valid_utf8(tx::sanitize_utf8("\xE7\x8E")));
}

TEST(Text, SplitList) {
  // 低保、 残疾,,独居
  EXPECT_EQ(tx::split_list("\xE4\xBD\x8E\xE4\xBF\x9D\xE3\x80\x81 \xE6\xAE\x8B\xE7\x96\xBE,,"
                           "\xE7\x8B\xAC\xE5\xB1\x85"),
            (strings{"\xE4\xBD\x8E\xE4\xBF\x9D", "\xE6\xAE\x8B\xE7\x96\xBE",
                     "\xE7\x8B\xAC\xE5\xB1\x85"}));
  EXPECT_EQ(tx::split_list("a\xEF\xBC\x8C"
                           "b\xEF\xBC\x9B"
                           "c;d/e f\te\xE3\x80\x80g\xEF\xBC\x8Fh"),
            (strings{"a", "b", "c", "d", "e", "f", "e", "g", "h"}));
  EXPECT_EQ(tx::split_list(""), strings{});
  EXPECT_EQ(tx::split_list(" , \xE3\x80\x81 "), strings{});
  EXPECT_EQ(tx::split_list("one"), strings{"one"});
}

TEST(Text, SplitListDoesNotCutInsideCharacters) {
  // Characters are stepped over whole, and a stray invalid byte is kept as an item of its own
  // rather than dropped or crashing.
  EXPECT_EQ(tx::split_list("\xE4\xB8\xAF,\xFF"), (strings{"\xE4\xB8\xAF", "\xFF"}));
}

}  // namespace

TEST(Text, IsUuid) {
  EXPECT_TRUE(ec::text::is_uuid("3f2b8c1e-9a4d-4e5f-8b6a-0c1d2e3f4a5b"));
  EXPECT_TRUE(ec::text::is_uuid("3F2B8C1E-9A4D-4E5F-8B6A-0C1D2E3F4A5B"));
  EXPECT_FALSE(ec::text::is_uuid(""));
  EXPECT_FALSE(ec::text::is_uuid("3f2b8c1e9a4d4e5f8b6a0c1d2e3f4a5b"));      // no dashes
  EXPECT_FALSE(ec::text::is_uuid("3f2b8c1e-9a4d-4e5f-8b6a-0c1d2e3f4a5"));   // one short
  EXPECT_FALSE(ec::text::is_uuid("3f2b8c1e-9a4d-4e5f-8b6a-0c1d2e3f4a5g"));  // not hex
  EXPECT_FALSE(ec::text::is_uuid("3f2b8c1e-9a4d-4e5f8-b6a-0c1d2e3f4a5b"));  // dash misplaced
}
