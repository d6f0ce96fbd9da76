#include "core/csv.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include "core/sheet.hpp"

namespace {

using table = std::vector<std::vector<std::string>>;
using row = std::vector<std::string>;

table ok(std::string_view in) {
  auto r = ec::csv::parse(in);
  EXPECT_TRUE(r.ok()) << r.err().message;
  return r ? *r : table{};
}

// Encodes UTF-8 test text as GBK with iconv, the way Excel on Chinese Windows saves CSV.
std::string to_gbk(std::string_view utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST(Csv, Basic) {
  EXPECT_EQ(ok("a,b,c\n1,2,3\n"), (table{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(ok("a,b\r\n1,2"), (table{{"a", "b"}, {"1", "2"}}));  // no final newline
  EXPECT_EQ(ok("a\rb\r"), (table{{"a"}, {"b"}}));                // old Mac line ends
  EXPECT_EQ(ok(""), table{});
  EXPECT_EQ(ok("a,,c,"), (table{{"a", "", "c", ""}}));
}

TEST(Csv, Quotes) {
  EXPECT_EQ(ok("\"a,b\",\"say \"\"hi\"\"\"\n"), (table{{"a,b", "say \"hi\""}}));
  EXPECT_EQ(ok("\"line1\r\nline2\",x\n"), (table{{"line1\nline2", "x"}}));
  EXPECT_EQ(ok("\"\",\"\"\n"), (table{{"", ""}}));
  // Forgiving like Excel: stray quotes are literal.
  EXPECT_EQ(ok("ab\"c,\"d\"e\n"), (table{{"ab\"c", "de"}}));
  EXPECT_EQ(ok("\"\"\"\"\n"), (table{{"\""}}));
}

TEST(Csv, BlankLinesAreKeptAsEmptyRows) {
  EXPECT_EQ(ok("a\n\nb\n"), (table{{"a"}, {}, {"b"}}));
  EXPECT_EQ(ok("a\r\n\r\n\r\nb"), (table{{"a"}, {}, {}, {"b"}}));
  EXPECT_EQ(ok(",,\n"), (table{{"", "", ""}}));
  EXPECT_EQ(ok("\n"), (table{{}}));
}

TEST(Csv, StripsBom) {
  EXPECT_EQ(ok("\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,x\n"),
            (table{{"\xE5\xA7\x93\xE5\x90\x8D", "x"}}));
}

TEST(Csv, UnterminatedQuoteReportsItsLine) {
  auto r = ec::csv::parse("a,b\nc,d\n\"open,\nmore\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.csv_malformed");
  EXPECT_EQ(r.err().kind, ec::errc::invalid);
  EXPECT_NE(r.err().message.find("line 3"), std::string::npos) << r.err().message;
}

TEST(Csv, LineNumbersCountNewlinesInsideQuotes) {
  auto r = ec::csv::parse("\"a\nb\nc\",x\n\"open");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.err().message.find("line 4"), std::string::npos) << r.err().message;
}

TEST(Csv, DecodesGbkFromExcel) {
  // 姓名,身份证号,住址 / 王秀英,37032219501201123X,"官庄社区3号楼,2单元"
  const std::string utf8 =
      "\xE5\xA7\x93\xE5\x90\x8D,\xE8\xBA\xAB\xE4\xBB\xBD\xE8\xAF\x81\xE5\x8F\xB7,"
      "\xE4\xBD\x8F\xE5\x9D\x80\r\n"
      "\xE7\x8E\x8B\xE7\xA7\x80\xE8\x8B\xB1,37032219501201123X,\"\xE5\xAE\x98\xE5\xBA\x84"
      "\xE7\xA4\xBE\xE5\x8C\xBA"
      "3\xE5\x8F\xB7\xE6\xA5\xBC,"
      "2\xE5\x8D\x95\xE5\x85\x83\"\r\n";
  const std::string gbk = to_gbk(utf8);
  ASSERT_NE(gbk, utf8);
  auto from_gbk = ec::csv::parse(gbk);
  ASSERT_TRUE(from_gbk.ok()) << from_gbk.err().message;
  EXPECT_EQ(*from_gbk, ok(utf8));
  ASSERT_EQ(from_gbk->size(), 2U);
  EXPECT_EQ((*from_gbk)[1][0], "\xE7\x8E\x8B\xE7\xA7\x80\xE8\x8B\xB1");
  EXPECT_EQ((*from_gbk)[1][2],
            "\xE5\xAE\x98\xE5\xBA\x84\xE7\xA4\xBE\xE5\x8C\xBA"
            "3\xE5\x8F\xB7\xE6\xA5\xBC,"
            "2\xE5\x8D\x95\xE5\x85\x83");
}

TEST(Csv, RejectsUndecodableBytes) {
  auto r = ec::csv::parse("a,b\n\xFF\xFF\xFF\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.encoding");
  auto utf16 =
      ec::csv::parse(std::string("\xFF\xFE"
                                 "a\0,\0b\0",
                                 8));
  ASSERT_FALSE(utf16.ok());
  EXPECT_EQ(utf16.err().code, "import.encoding");
  EXPECT_NE(utf16.err().message.find("UTF-16"), std::string::npos);
}

TEST(Csv, RowLimit) {
  std::string many;
  for (std::size_t i = 0; i < ec::csv::k_max_rows; ++i) many += "x\n";
  auto at_limit = ec::csv::parse(many);
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(at_limit->size(), ec::csv::k_max_rows);
  auto over = ec::csv::parse(many + "y");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.err().code, "import.too_large");
  EXPECT_EQ(over.err().kind, ec::errc::too_large);
}

TEST(Csv, CellsPerRowAreCapped) {
  // 1,024 fields (1,023 commas) is the limit; one comma more is a row of 1,025.
  const std::string at_limit(ec::sheet::k_max_columns - 1, ',');
  auto ok = ec::csv::parse("a\n" + at_limit + "\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[1].size(), ec::sheet::k_max_columns);
  auto over = ec::csv::parse("a\n" + at_limit + ",\n");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.err().code, "import.too_many_columns");
  EXPECT_EQ(over.err().kind, ec::errc::too_large);
  EXPECT_EQ(over.err().field, "file");
  EXPECT_NE(over.err().message.find("row 2"), std::string::npos) << over.err().message;
  // A million commas on one line (a 1 MiB file that was a million empty strings).
  auto commas = ec::csv::parse_utf8_only(std::string(1U << 20U, ','));
  ASSERT_FALSE(commas.ok());
  EXPECT_EQ(commas.err().code, "import.too_many_columns");
}

TEST(Csv, CellsInAllRowsAreCapped) {
  // 4,000 rows of 1,000 empty fields each: 4 million cells; one field more is over.
  std::string line(999, ',');
  line += '\n';
  std::string many;
  many.reserve(line.size() * 4001);
  for (int i = 0; i < 4000; ++i) many += line;
  auto at_limit = ec::csv::parse(many);
  ASSERT_TRUE(at_limit.ok()) << at_limit.err().message;
  auto over = ec::csv::parse(many + "x");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.err().code, "import.too_large");
  EXPECT_EQ(over.err().kind, ec::errc::too_large);
}

}  // namespace

namespace {

// The device import's reader: a file as Excel saves "CSV UTF-8" (BOM, CRLF, Chinese headers,
// quoted commas and line breaks, blank lines at the end).
TEST(CsvUtf8Only, ReadsExcelCsvUtf8) {
  std::string file =
      "\xEF\xBB\xBF序列号,类型,老人身份证号,安装位置\r\n"
      "TZ-SOS-0001,SOS呼叫器,11010519491231002X,\"卧室, 床头\"\r\n"
      "\"TZ-DOOR-0002\",门磁,,\"门口\r\n左侧\"\r\n"
      "\r\n"
      "\r\n";
  auto r = ec::csv::parse_utf8_only(file);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(*r, (table{{"序列号", "类型", "老人身份证号", "安装位置"},
                       {"TZ-SOS-0001", "SOS呼叫器", "11010519491231002X", "卧室, 床头"},
                       {"TZ-DOOR-0002", "门磁", "", "门口\n左侧"},
                       {},
                       {}}));
}

TEST(CsvUtf8Only, WithoutBomAndWithLfOnly) {
  auto r = ec::csv::parse_utf8_only("serial,type\nA-1,gas\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (table{{"serial", "type"}, {"A-1", "gas"}}));
}

TEST(CsvUtf8Only, RejectsGbkNamingTheLine) {
  auto r = ec::csv::parse_utf8_only("serial,type\nA-1,gas\nA-2," + to_gbk("门磁") + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.not_utf8");
  EXPECT_EQ(r.err().field, "file");
  EXPECT_NE(r.err().message.find("line 3"), std::string::npos) << r.err().message;
  EXPECT_NE(r.err().message.find("UTF-8"), std::string::npos);
  // The general reader still takes the same bytes (survey sheets may be GBK).
  EXPECT_TRUE(ec::csv::parse("serial,type\nA-2," + to_gbk("门磁") + "\n").ok());
}

TEST(CsvUtf8Only, RejectsUtf16AndUnclosedQuotes) {
  auto u16 = ec::csv::parse_utf8_only(std::string("\xFF\xFEs\0e\0", 6));
  ASSERT_FALSE(u16.ok());
  EXPECT_EQ(u16.err().code, "import.not_utf8");
  auto q = ec::csv::parse_utf8_only("a,b\n\"open,x\n");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.err().code, "import.csv_malformed");
}

}  // namespace
