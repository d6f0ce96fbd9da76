// Small .xlsx files built in tests (zip entries written with minizip), for import tests
// that need malformed or hostile workbooks that no spreadsheet program would write.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace it {

// A zip (deflated entries) of (name, bytes) pairs.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& files);

// A one-sheet workbook with the given <sheetData> content and, when not empty, the
// sharedStrings.xml part, plus any extra entries.
std::string workbook(const std::string& sheet_data, const std::string& shared_strings = "",
                     std::vector<std::pair<std::string, std::string>> extra = {});

}  // namespace it
