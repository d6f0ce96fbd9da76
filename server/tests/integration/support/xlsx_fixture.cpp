#include "support/xlsx_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace it {

namespace fs = std::filesystem;

std::string make_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  static std::atomic<int> n{0};
  const auto path = fs::temp_directory_path() /
                    ("ec-it-xlsx-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".zip");
  zipFile z = zipOpen(path.c_str(), 0);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : files) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_BEST_SPEED),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(z, data.data(), static_cast<unsigned>(data.size())), ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(z), ZIP_OK);
  }
  EXPECT_EQ(zipClose(z, nullptr), ZIP_OK);
  std::ifstream in(path, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  fs::remove(path);
  return bytes;
}

std::string workbook(const std::string& sheet_data, const std::string& shared_strings,
                     std::vector<std::pair<std::string, std::string>> extra) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml",
       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
           sheet_data + "</sheetData></worksheet>"}};
  if (!shared_strings.empty()) files.emplace_back("xl/sharedStrings.xml", shared_strings);
  for (auto& e : extra) files.push_back(std::move(e));
  return make_zip(files);
}

}  // namespace it
