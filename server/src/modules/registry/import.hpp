// Import of survey sheets (.xlsx or .csv) as a community worker types them:
// Chinese column headers (姓名, 身份证号, 联系电话, 居住状况, 特殊类别, 所属社区,
// 楼栋/网格, 家庭住址, 紧急联系人, 联系人关系, 联系人电话, 备注, with common
// variants), Chinese values (独居, 低保、残疾 …).
//
// A dry run reports every row's errors by sheet row number and column; a
// commit writes all rows in one transaction or none (any error → nothing is
// written). A known ID number updates that elder instead of adding a second.
#pragma once

#include <string>
#include <vector>

#include "core/sheet.hpp"
#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::registry {

class move_followers;  // modules/registry/elders.hpp

struct import_error {
  int row = 0;        // as the spreadsheet numbers it (header is usually row 1)
  std::string field;  // the column header as found in the sheet, or "" for the row
  std::string code;
  std::string message;  // English; the API localizes by code
};

struct import_report {
  bool dry_run = true;
  int total_rows = 0;
  int valid_rows = 0;
  int created = 0;
  int updated = 0;
  std::vector<import_error> errors;
};

using sheet_format = sheet::format;

// Parses and validates; writes only when !dry_run and no row has an error.
// Errors about the file itself (unreadable, no header) are returned as error. A row that
// moves an existing elder to another unit runs `followers` (move_followers) in the import's
// transaction.
result<import_report> import_elders(db::connection& c, const sys::principal& who,
                                    std::string_view bytes, sheet_format fmt, bool dry_run,
                                    const move_followers* followers = nullptr);

// The column headers of the template, in order.
const std::vector<std::string>& template_headers();

}  // namespace ec::registry
