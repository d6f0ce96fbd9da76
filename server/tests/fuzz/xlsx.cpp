// The .xlsx reader. Input whose first byte is odd goes to xlsx::read_first_sheet as it is
// (zip structure, inflating, the checks on truncated and damaged archives). Input whose first
// byte is even is XML parts separated by NUL bytes (NUL never occurs in XML): the worksheet,
// then optionally the shared strings, the styles and the workbook; the target packs them into
// a stored zip with correct checksums, so that mutations reach the XML handlers instead of
// failing the CRC check. Whatever the reader returns stays within core/sheet.hpp's limits.
#include "core/xlsx.hpp"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sheet.hpp"
#include "fuzz_support.hpp"

namespace {

void put16(std::string& o, unsigned v) {
  o.push_back(static_cast<char>(v & 0xFFU));
  o.push_back(static_cast<char>((v >> 8U) & 0xFFU));
}
void put32(std::string& o, std::uint32_t v) {
  put16(o, v & 0xFFFFU);
  put16(o, v >> 16U);
}

// A zip with stored (uncompressed) entries.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, dir;
  for (const auto& [name, data] : files) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto len = static_cast<std::uint32_t>(data.size());
    put32(out, 0x04034b50U);
    put16(out, 20);
    put16(out, 0);     // flags
    put16(out, 0);     // stored
    put16(out, 0);     // time
    put16(out, 0x21);  // date
    put32(out, crc);
    put32(out, len);
    put32(out, len);
    put16(out, static_cast<unsigned>(name.size()));
    put16(out, 0);
    out += name;
    out += data;

    put32(dir, 0x02014b50U);
    put16(dir, 20);
    put16(dir, 20);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0x21);
    put32(dir, crc);
    put32(dir, len);
    put32(dir, len);
    put16(dir, static_cast<unsigned>(name.size()));
    put16(dir, 0);  // extra
    put16(dir, 0);  // comment
    put16(dir, 0);  // disk
    put16(dir, 0);  // internal attributes
    put32(dir, 0);  // external attributes
    put32(dir, offset);
    dir += name;
  }
  const auto dir_at = static_cast<std::uint32_t>(out.size());
  out += dir;
  put32(out, 0x06054b50U);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<unsigned>(files.size()));
  put16(out, static_cast<unsigned>(files.size()));
  put32(out, static_cast<std::uint32_t>(dir.size()));
  put32(out, dir_at);
  put16(out, 0);
  return out;
}

constexpr std::string_view k_root_rels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
constexpr std::string_view k_workbook =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view k_workbook_rels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)";

void check(const ec::result<std::vector<std::vector<std::string>>>& r) {
  if (!r) {
    const auto& c = r.err().code;
    FUZZ_CHECK(r.err().field == "file");
    FUZZ_CHECK(c == "import.xlsx_malformed" || c == "import.too_large" ||
               c == "import.too_many_columns" || c == "import.text_too_large");
    return;
  }
  FUZZ_CHECK(r->size() <= ec::sheet::k_max_rows);
  std::size_t cells = 0, text = 0;
  for (const auto& row : *r) {
    FUZZ_CHECK(row.size() <= ec::sheet::k_max_columns);
    cells += row.size();
    for (const auto& cell : row) text += cell.size();
  }
  FUZZ_CHECK(cells <= ec::sheet::k_max_cells);
  FUZZ_CHECK(text <= ec::sheet::k_max_text_bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 1U) != 0) {
    check(ec::xlsx::read_first_sheet(rest));
    // The number formatting on its own (cell <v> text).
    if (rest.size() < 64) (void)ec::xlsx::format_number(rest);
    return 0;
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto nul = rest.find('\0', start);
    parts.emplace_back(rest.substr(start, nul == std::string_view::npos ? nul : nul - start));
    if (nul == std::string_view::npos || parts.size() == 4) break;
    start = nul + 1;
  }
  std::vector<std::pair<std::string, std::string>> files = {
      {"_rels/.rels", std::string(k_root_rels)},
      {"xl/_rels/workbook.xml.rels", std::string(k_workbook_rels)},
      {"xl/worksheets/sheet1.xml", parts[0]},
      {"xl/workbook.xml", parts.size() > 3 ? parts[3] : std::string(k_workbook)}};
  if (parts.size() > 1) files.emplace_back("xl/sharedStrings.xml", parts[1]);
  if (parts.size() > 2) files.emplace_back("xl/styles.xml", parts[2]);
  check(ec::xlsx::read_first_sheet(stored_zip(files)));
  return 0;
}
