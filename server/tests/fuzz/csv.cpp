// The CSV reader (elder import: UTF-8 or GB18030; device import: UTF-8 only). Besides not
// crashing, whatever it returns stays within the limits of core/sheet.hpp.
#include "core/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/sheet.hpp"
#include "core/text.hpp"
#include "fuzz_support.hpp"

namespace {

void check(const ec::result<std::vector<std::vector<std::string>>>& r) {
  if (!r) {
    FUZZ_CHECK(r.err().field == "file");
    FUZZ_CHECK(!r.err().code.empty());
    return;
  }
  FUZZ_CHECK(r->size() <= ec::sheet::k_max_rows);
  std::size_t cells = 0, text = 0;
  for (const auto& row : *r) {
    FUZZ_CHECK(row.size() <= ec::sheet::k_max_columns);
    cells += row.size();
    for (const auto& cell : row) {
      text += cell.size();
      FUZZ_CHECK(ec::text::valid_utf8(cell));  // decoded, whatever the file's encoding
    }
  }
  FUZZ_CHECK(cells <= ec::sheet::k_max_cells);
  FUZZ_CHECK(text <= ec::sheet::k_max_text_bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check(ec::csv::parse(bytes));
  auto utf8 = ec::csv::parse_utf8_only(bytes);
  check(utf8);
  if (!utf8) {
    const auto& c = utf8.err().code;
    FUZZ_CHECK(c == "import.not_utf8" || c == "import.csv_malformed" || c == "import.too_large" ||
               c == "import.too_many_columns" || c == "import.text_too_large");
  }
  return 0;
}
