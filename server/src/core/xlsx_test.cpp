#include "core/xlsx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <unzip.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace {

namespace xl = ec::xlsx;
using table = std::vector<std::vector<std::string>>;
using entries = std::vector<std::pair<std::string, std::string>>;

std::filesystem::path temp_path(const char* stem) {
  return std::filesystem::temp_directory_path() /
         (std::string(stem) + std::to_string(getpid()) + ".zip");
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Builds a zip (deflated entries) with minizip, as a test fixture for hand-written parts.
std::string make_zip(const entries& files) {
  const auto path = temp_path("ec-xlsx-test-");
  zipFile z = zipOpen(path.c_str(), 0);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : files) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_DEFAULT_COMPRESSION),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(z, data.data(), static_cast<unsigned>(data.size())), ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(z), ZIP_OK);
  }
  EXPECT_EQ(zipClose(z, nullptr), ZIP_OK);
  std::string bytes = slurp(path);
  std::filesystem::remove(path);
  return bytes;
}

// One entry of a zip given as bytes, "" if missing.
std::string unzip_entry(const std::string& zip_bytes, const std::string& name) {
  const auto path = temp_path("ec-xlsx-read-");
  std::ofstream(path, std::ios::binary) << zip_bytes;
  std::string out;
  unzFile u = unzOpen(path.c_str());
  if (u != nullptr && unzLocateFile(u, name.c_str(), 0) == UNZ_OK &&
      unzOpenCurrentFile(u) == UNZ_OK) {
    char buf[4096];
    int n = 0;
    while ((n = unzReadCurrentFile(u, buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    }
    unzCloseCurrentFile(u);
  }
  if (u != nullptr) unzClose(u);
  std::filesystem::remove(path);
  return out;
}

const char* const k_content_types =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
const char* const k_root_rels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";
const char* const k_workbook =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const char* const k_workbook_rels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";

std::string sheet_xml(std::string_view sheet_data) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)") +
         std::string(sheet_data) + "</sheetData></worksheet>";
}

// A workbook whose parts are the standard ones above plus the given sheet, strings, styles.
std::string workbook_with(std::string_view sheet_data, std::string shared_strings = "",
                          std::string styles = "") {
  entries files = {{"[Content_Types].xml", k_content_types},
                   {"_rels/.rels", k_root_rels},
                   {"xl/workbook.xml", k_workbook},
                   {"xl/_rels/workbook.xml.rels", k_workbook_rels},
                   {"xl/worksheets/sheet1.xml", sheet_xml(sheet_data)}};
  if (!shared_strings.empty()) files.emplace_back("xl/sharedStrings.xml", shared_strings);
  if (!styles.empty()) files.emplace_back("xl/styles.xml", styles);
  return make_zip(files);
}

table read_ok(const std::string& bytes) {
  auto r = xl::read_first_sheet(bytes);
  EXPECT_TRUE(r.ok()) << r.err().code << ": " << r.err().message;
  return r ? *r : table{};
}

std::string error_code(const std::string& bytes) {
  auto r = xl::read_first_sheet(bytes);
  return r ? "ok" : r.err().code;
}

// 姓名 王秀英 身份证号 住址 官庄社区3号楼2单元301
const std::string k_name_h = "\xE5\xA7\x93\xE5\x90\x8D";
const std::string k_id_h = "\xE8\xBA\xAB\xE4\xBB\xBD\xE8\xAF\x81\xE5\x8F\xB7";
const std::string k_wang = "\xE7\x8E\x8B\xE7\xA7\x80\xE8\x8B\xB1";
const std::string k_addr =
    "\xE5\xAE\x98\xE5\xBA\x84\xE7\xA4\xBE\xE5\x8C\xBA"
    "3\xE5\x8F\xB7\xE6\xA5\xBC"
    "2\xE5\x8D\x95\xE5\x85\x83"
    "301";

TEST(Xlsx, RoundTripKeepsChineseTextAndIds) {
  const std::vector<xl::column> cols = {
      {k_name_h, 10, true}, {k_id_h, 22, true}, {"age", 6, false}, {"addr", 30, true}};
  const table rows = {{k_wang, "37032219501201123X", "75", k_addr},
                      {"Li", "110105194912310021", "3.5", ""},
                      {"", "", "", "tail"},
                      {"x", "0012", "0012", "line1\nline2"}};
  auto bytes = xl::write_sheet("Elders", cols, rows);
  ASSERT_TRUE(bytes.ok()) << bytes.err().message;
  ASSERT_TRUE(bytes->starts_with("PK"));

  const table back = read_ok(*bytes);
  const table expected = {{k_name_h, k_id_h, "age", "addr"},
                          {k_wang, "37032219501201123X", "75", k_addr},
                          // An 18-digit ID in a text column stays exact text.
                          {"Li", "110105194912310021", "3.5"},
                          {"", "", "", "tail"},
                          {"x", "0012", "0012", "line1\nline2"}};
  EXPECT_EQ(back, expected);

  // The numeric column really holds numbers, the text columns strings.
  const std::string sheet = unzip_entry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find(R"(<c r="C2"><v>75</v></c>)"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>75</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find(R"(state="frozen")"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find(R"(width=")"), std::string::npos);
  const std::string styles = unzip_entry(*bytes, "xl/styles.xml");
  EXPECT_NE(styles.find("<b/>"), std::string::npos) << styles;
  EXPECT_NE(styles.find(R"(formatCode="@")"), std::string::npos) << styles;
  const std::string workbook = unzip_entry(*bytes, "xl/workbook.xml");
  EXPECT_NE(workbook.find(R"(name="Elders")"), std::string::npos) << workbook;
}

TEST(Xlsx, WriteSanitizesSheetNamesAndText) {
  auto bytes = xl::write_sheet("a/b:c[d]*?'", {{"h"}}, {{"bad\xFFutf8"}});
  ASSERT_TRUE(bytes.ok()) << bytes.err().message;
  EXPECT_NE(unzip_entry(*bytes, "xl/workbook.xml").find(R"(name="a_b_c_d___")"), std::string::npos);
  EXPECT_EQ(read_ok(*bytes)[1][0], "bad\xEF\xBF\xBDutf8");

  auto empty_name = xl::write_sheet("", {{"h"}}, {});
  ASSERT_TRUE(empty_name.ok());
  EXPECT_NE(unzip_entry(*empty_name, "xl/workbook.xml").find(R"(name="Sheet1")"),
            std::string::npos);
  EXPECT_EQ(read_ok(*empty_name), (table{{"h"}}));

  // 40 Chinese characters are cut to 31 characters, not 31 bytes.
  std::string long_name;
  for (int i = 0; i < 40; ++i) long_name += "\xE7\x8E\x8B";
  auto cut = xl::write_sheet(long_name, {{"h"}}, {});
  ASSERT_TRUE(cut.ok()) << cut.err().message;
  std::string expect_name;
  for (int i = 0; i < 31; ++i) expect_name += "\xE7\x8E\x8B";
  EXPECT_NE(unzip_entry(*cut, "xl/workbook.xml").find("name=\"" + expect_name + "\""),
            std::string::npos);
}

TEST(Xlsx, WriteRejectsOverlongCellsAndLeavesNoTempFile) {
  // A private TMPDIR (each test runs in its own process) shows exactly what write_sheet
  // leaves behind, even when other tests write workbooks at the same time.
  const auto dir =
      std::filesystem::temp_directory_path() / ("ec-xlsx-tmpdir-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const char* old_tmp = std::getenv("TMPDIR");
  const std::string saved = old_tmp ? old_tmp : "";
  setenv("TMPDIR", dir.c_str(), 1);

  auto r = xl::write_sheet("s", {{"h"}}, {{std::string(32768, 'a')}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "export.cell_too_long");
  EXPECT_NE(r.err().message.find("A2"), std::string::npos) << r.err().message;
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  EXPECT_TRUE(xl::write_sheet("s", {{"h"}}, {{std::string(32767, 'a')}}).ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  if (old_tmp) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  std::filesystem::remove_all(dir);
}

TEST(Xlsx, CellsArePlacedByReferenceSoGapsStay) {
  const std::string strings = R"(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>plain</t></si>
<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space="preserve">text</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
<si><t>a_x000D_b_x005F_x000D_</t></si>
</sst>)";
  const table got = read_ok(workbook_with(R"(
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
<row r="3"><c r="B3" t="inlineStr"><is><t>inline</t></is></c><c r="D3" s="0"/></row>
<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="str"><f>A1</f><v>formula</v></c><c r="E4"><v>42</v></c></row>
<row r="5"><c t="s"><v>2</v></c><c><v>-0.5</v></c></row>)",
                                          strings));
  const table expected = {{"plain", "", "rich text"},
                          {},
                          {"", "inline"},  // D3 has a style but no value: no cell
                          {"TRUE", "#N/A", "formula", "", "42"},
                          {"a\rb_x000D_", "-0.5"}};
  EXPECT_EQ(got, expected);
}

TEST(Xlsx, NumbersLikeExcelShowsThem) {
  const table got = read_ok(workbook_with(R"(<row r="1">
<c r="A1"><v>1.1010519491231E+17</v></c>
<c r="B1"><v>110105194912310021</v></c>
<c r="C1"><v>0.30000000000000004</v></c>
<c r="D1"><v>75</v></c>
<c r="E1"><v>13812345678</v></c>
<c r="F1"><v>2.5E-3</v></c></row>)"));
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0], (std::vector<std::string>{"110105194912310000", "110105194912310000", "0.3",
                                              "75", "13812345678", "0.0025"}));
}

TEST(Xlsx, FormatNumber) {
  EXPECT_EQ(xl::format_number("0"), "0");
  EXPECT_EQ(xl::format_number("-0"), "0");
  EXPECT_EQ(xl::format_number("1.0"), "1");
  EXPECT_EQ(xl::format_number("12.50"), "12.5");
  EXPECT_EQ(xl::format_number("1E+2"), "100");
  EXPECT_EQ(xl::format_number(".5"), "0.5");
  EXPECT_EQ(xl::format_number("-1.5e-7"), "-0.00000015");
  EXPECT_EQ(xl::format_number("0.99999999999999999"), "1");
  EXPECT_EQ(xl::format_number("9999999999999999"), "10000000000000000");
  EXPECT_EQ(xl::format_number("123456789012345678901234567890123"), "1.23456789012346E+32");
  EXPECT_EQ(xl::format_number("1E-300"), "1E-300");
  EXPECT_EQ(xl::format_number("abc"), "abc");
  EXPECT_EQ(xl::format_number("1.2.3"), "1.2.3");
  EXPECT_EQ(xl::format_number(""), "");
}

TEST(Xlsx, DatesInDateFormats) {
  const std::string styles = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="177" formatCode="0.00_);[Red]\(0.00\)"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="20"/></cellXfs>
</styleSheet>)xml";
  const table got = read_ok(workbook_with(R"(<row r="1">
<c r="A1" s="0"><v>45260</v></c>
<c r="B1" s="1"><v>45260</v></c>
<c r="C1" s="2"><v>18000</v></c>
<c r="D1" s="3"><v>45260</v></c>
<c r="E1" s="4"><v>0.5451388888888889</v></c>
<c r="F1" s="1"><v>45260.25</v></c>
<c r="G1" t="d"><v>2023-11-30T00:00:00</v></c></row>)",
                                          "", styles));
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0], (std::vector<std::string>{"45260", "2023-11-30", "1949-04-12", "45260",
                                              "13:05:00", "2023-11-30 06:00:00", "2023-11-30"}));
}

TEST(Xlsx, Date1904System) {
  entries files = {
      {"_rels/.rels", k_root_rels},
      {"xl/workbook.xml",
       R"(<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels", k_workbook_rels},
      {"xl/styles.xml", R"(<styleSheet><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>)"},
      {"xl/worksheets/sheet1.xml", sheet_xml(R"(<row><c s="0"><v>43798</v></c></row>)")}};
  EXPECT_EQ(read_ok(make_zip(files)), (table{{"2023-11-30"}}));
}

TEST(Xlsx, PrefixedNamespacesAndRelationshipTargets) {
  // As written by the .NET Open XML SDK: x: prefixes, absolute targets, odd part names.
  entries files = {
      {"_rels/.rels",
       R"(<Relationships><Relationship Id="R1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/book/main.xml"/></Relationships>)"},
      {"book/main.xml",
       R"(<x:workbook xmlns:x="x" xmlns:r="r"><x:sheets><x:sheet r:id="c1"/><x:sheet r:id="s1"/></x:sheets></x:workbook>)"},
      {"book/_rels/main.xml.rels",
       R"(<Relationships><Relationship Id="c1" Type="http://x/relationships/chartsheet" Target="charts/c.xml"/><Relationship Id="s1" Type="http://x/relationships/worksheet" Target="/book/sheets/../sheets/data.xml"/></Relationships>)"},
      {"book/sheets/data.xml",
       R"(<x:worksheet xmlns:x="x"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>found</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>)"}};
  EXPECT_EQ(read_ok(make_zip(files)), (table{{}, {"", "found"}}));
}

TEST(Xlsx, GarbageIsAnErrorNotACrash) {
  EXPECT_EQ(error_code(""), "import.xlsx_malformed");
  EXPECT_EQ(error_code("hello, world"), "import.xlsx_malformed");
  EXPECT_EQ(error_code("PK\x03\x04 not really a zip"), "import.xlsx_malformed");
  EXPECT_EQ(error_code(std::string(5000, '\0')), "import.xlsx_malformed");
  auto xls = xl::read_first_sheet("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old excel");
  ASSERT_FALSE(xls.ok());
  EXPECT_NE(xls.err().message.find(".xls"), std::string::npos);
  EXPECT_NE(xls.err().message.find("password"), std::string::npos);
  EXPECT_EQ(xls.err().field, "file");
}

TEST(Xlsx, TruncatedFilesAreErrors) {
  auto bytes = xl::write_sheet("s", {{"h"}}, {{"value"}});
  ASSERT_TRUE(bytes.ok());
  for (std::size_t keep :
       {bytes->size() / 4, bytes->size() / 2, bytes->size() - 30, bytes->size() - 1}) {
    EXPECT_EQ(error_code(bytes->substr(0, keep)), "import.xlsx_malformed") << keep;
  }
}

TEST(Xlsx, CorruptedBytesNeverCrash) {
  auto bytes = xl::write_sheet("s", {{"h"}}, {{"value", "more"}, {"x"}});
  ASSERT_TRUE(bytes.ok());
  // Flip bytes all over the file: each result must be a value or a clean error.
  for (std::size_t i = 0; i < bytes->size(); i += 7) {
    std::string damaged = *bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
    auto r = xl::read_first_sheet(damaged);
    if (!r) {
      EXPECT_TRUE(r.err().code == "import.xlsx_malformed" || r.err().code == "import.too_large" ||
                  r.err().code == "import.too_many_columns" ||
                  r.err().code == "import.text_too_large")
          << r.err().code;
    }
  }
}

TEST(Xlsx, MissingOrBrokenParts) {
  EXPECT_EQ(error_code(make_zip({{"hello.txt", "hi"}})), "import.xlsx_malformed");
  EXPECT_EQ(error_code(make_zip({{"xl/workbook.xml", k_workbook}})), "import.xlsx_malformed");
  EXPECT_EQ(error_code(workbook_with("<row><c r=\"A1\"><v>1</v></row>")),
            "import.xlsx_malformed");  // mismatched tags
  EXPECT_EQ(error_code(workbook_with(R"(<row><c r="A1" t="s"><v>7</v></c></row>)")),
            "import.xlsx_malformed");  // no such shared string
  EXPECT_EQ(error_code(workbook_with(R"(<row><c r="1A"><v>1</v></c></row>)")),
            "import.xlsx_malformed");
  EXPECT_EQ(error_code(workbook_with(R"(<row><c r="XFE1"><v>1</v></c></row>)")),
            "import.xlsx_malformed");  // beyond Excel's last column XFD
  EXPECT_EQ(error_code(workbook_with(R"(<c><v>1</v></c>)")),
            "import.xlsx_malformed");  // a cell outside any row
  // Counted past the last column: the cap on cells per row (1,024) stops it first.
  EXPECT_EQ(error_code(workbook_with(R"(<row><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>)")),
            "import.too_many_columns");
}

TEST(Xlsx, RejectsDtds) {
  const std::string laughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<sst><si><t>&lol2;</t></si></sst>)";
  auto r = xl::read_first_sheet(workbook_with(R"(<row><c t="s"><v>0</v></c></row>)", laughs));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.xlsx_malformed");
  EXPECT_NE(r.err().message.find("DTD"), std::string::npos) << r.err().message;
}

TEST(Xlsx, RowLimit) {
  EXPECT_EQ(error_code(workbook_with(R"(<row r="200000"><c r="A200000"><v>1</v></c></row>)")),
            "ok");
  EXPECT_EQ(error_code(workbook_with(R"(<row r="200001"><c r="A200001"><v>1</v></c></row>)")),
            "import.too_large");
  // Styled empty rows far down (Excel writes them) are not rows with values.
  EXPECT_EQ(
      read_ok(workbook_with(
          R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576" ht="20" customHeight="1"/>)")),
      (table{{"1"}}));
}

TEST(Xlsx, CellLimit) {
  // 4,000 rows each with a value in column ALL (1,000): 4 million cell slots, at the limit;
  // one row more is over it.
  std::string rows;
  for (int r = 1; r <= 4000; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"ALL" + std::to_string(r) +
            "\"><v>1</v></c></row>";
  }
  EXPECT_EQ(error_code(workbook_with(rows)), "ok");
  rows += "<row r=\"4001\"><c r=\"ALL4001\"><v>1</v></c></row>";
  EXPECT_EQ(error_code(workbook_with(rows)), "import.too_large");
}

TEST(Xlsx, CellsPerRowAreCapped) {
  // Column AMJ is 1,024 (the limit), AMK 1,025.
  EXPECT_EQ(error_code(workbook_with(R"(<row r="1"><c r="AMJ1"><v>1</v></c></row>)")), "ok");
  auto r = xl::read_first_sheet(workbook_with(R"(<row r="3"><c r="AMK3"><v>1</v></c></row>)"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.too_many_columns");
  EXPECT_EQ(r.err().kind, ec::errc::too_large);
  EXPECT_EQ(r.err().field, "file");
  EXPECT_NE(r.err().message.find("row 3"), std::string::npos) << r.err().message;
  // The same by counting cells without references.
  std::string cells;
  for (int i = 0; i < 1025; ++i) cells += "<c><v>1</v></c>";
  EXPECT_EQ(error_code(workbook_with("<row>" + cells + "</row>")), "import.too_many_columns");
}

TEST(Xlsx, SharedStringCopiesCountAgainstTheTextLimit) {
  // One 4 MiB shared string (it deflates to a few KiB) used by 17 cells: 68 MiB of cell text
  // from a tiny file. Each cell would copy the string; the reader stops at 64 MiB.
  const std::string big(4U << 20U, 'x');
  const std::string sst = "<sst><si><t>" + big + "</t></si></sst>";
  std::string row16, row17;
  for (int i = 1; i <= 16; ++i) row16 += R"(<c t="s"><v>0</v></c>)";
  row17 = row16 + R"(<c t="s"><v>0</v></c>)";
  auto ok = xl::read_first_sheet(workbook_with("<row>" + row16 + "</row>", sst));
  ASSERT_TRUE(ok.ok()) << ok.err().message;
  EXPECT_EQ((*ok)[0].size(), 16U);
  const auto file = workbook_with("<row>" + row17 + "</row>", sst);
  EXPECT_LT(file.size(), 100U << 10U);
  auto r = xl::read_first_sheet(file);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.text_too_large");
  EXPECT_EQ(r.err().kind, ec::errc::too_large);
  EXPECT_EQ(r.err().field, "file");
}

TEST(Xlsx, UncompressedSizeIsCapped) {
  // 65 MiB of spaces deflate to ~65 KiB: a small upload that would unpack beyond the cap.
  const std::string sheet = sheet_xml(std::string(65U << 20U, ' '));
  auto r = xl::read_first_sheet(make_zip({{"_rels/.rels", k_root_rels},
                                          {"xl/workbook.xml", k_workbook},
                                          {"xl/_rels/workbook.xml.rels", k_workbook_rels},
                                          {"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "import.too_large");
  EXPECT_EQ(r.err().kind, ec::errc::too_large);
}

}  // namespace
