// Bulk import of devices from a spreadsheet (docs/MONITORING.md "Bulk import"): the installer
// who brings 300 pendants and door sensors to a community registers them at once.
//
// The file is an .xlsx workbook (its first sheet; the template from
// GET /api/v1/devices/import/template keeps ID numbers and serials as text) or UTF-8 CSV (a BOM
// is fine; GBK and UTF-16 are refused, core/csv.hpp parse_utf8_only). Its first non-blank row
// is the header. Columns, in any order, headers in Chinese or English: 序列号/serial
// (required), 类型/type (required: a type code or its Chinese name), 老人身份证号/
// elder_id_number (optional: binds the device to that elder, who must be active and in the
// caller's scope), 安装位置/location (optional), 备注/notes (optional). Devices have no
// heartbeat interval of their own (thresholds are per type and elder), so there is no such
// column. Unknown or repeated headers are errors, so a mistyped column is not silently
// dropped. Blank rows are skipped; row numbers are the spreadsheet's (header = 1).
//
// Every row is checked before anything is written, and every error is reported (row,
// column, rule, in English and Chinese); serials repeated within the file (ignoring case)
// are errors on the later row. Any error → nothing is written. Otherwise, unless dry_run:
// each device gets its own secret; the broker logins are created first, in batches
// (device_provisioner::provision_devices, outside any database transaction so a slow broker never
// holds the database's write lock against alert ingestion); if the broker refuses any login, the
// logins already made are revoked and nothing is written (as a single registration:
// `device.provision_failed`), with the serials that failed; then all rows, one audit entry
// per device (as register_device writes it) and one for the import (the count) are written
// in one transaction; if that fails, the logins are revoked. Secrets are returned once and
// never audited or logged.
//
// Limits: k_import_max_bytes (checked by the route, 413) and k_import_max_rows data rows
// (errc::too_large "device_import.too_many_rows", 413 as well: the file is too big for one
// import).
//
// Known race: a device registered by someone else with a serial of this file between the
// check and the commit makes the commit fail (`device.serial_taken`, nothing written), and its
// broker login, which the import replaced, is revoked with the import's; it then needs a new
// secret (reset-secret).
// Thread-safety: free functions over the caller's connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sheet.hpp"
#include "db/db.hpp"
#include "modules/monitoring/provisioner.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {

inline constexpr std::size_t k_import_max_rows = 2000;
inline constexpr std::size_t k_import_max_bytes = 1024 * 1024;

// One problem: `column` is the column's key (serial, type, elder_id_number, location, notes)
// or, for a header problem, the header text as found; "" for the whole row.
struct import_issue {
  int row = 0;
  std::string column;
  std::string code;
  std::string message;     // English rule text, e.g. "already registered"
  std::string message_zh;  // the same in Chinese, e.g. "已登记"
};

struct import_device {
  int row = 0;
  std::int64_t id = 0;  // 0 in a dry run
  std::string serial, type, location, notes;
  std::optional<std::int64_t> elder_id;
  std::string elder_name;
  std::string secret;  // shown once; empty in a dry run
};

struct import_outcome {
  bool dry_run = true;
  int total_rows = 0;  // non-blank data rows
  int valid_rows = 0;
  int created = 0;
  std::vector<import_issue> errors;           // sorted by row
  std::vector<import_device> devices;         // every valid row (created ones when written)
  std::vector<import_issue> not_provisioned;  // broker refusals; then nothing was written
};

// Errors for the file as a whole: import.encoding, import.csv_malformed,
// import.xlsx_malformed, import.too_large, device_import.no_header (empty file),
// device_import.too_many_rows; database errors. Row problems are in `errors`.
result<import_outcome> import_devices(db::connection& c, const sys::principal& who,
                                      std::string_view bytes, sheet::format fmt, bool dry_run,
                                      device_provisioner* svc);

// A type code for a cell: the code itself (any case) or a Chinese name (the UI's label, e.g.
// SOS呼叫器, or a common one, e.g. 紧急呼叫按钮). nullopt when unknown.
std::optional<std::string> device_type_of(std::string_view cell);
// The Chinese label of a type code (as the web UI shows it).
std::string_view device_type_label(std::string_view code);
// The column key for a header cell (Chinese or English, spaces and a leading '*' ignored).
std::optional<std::string> import_column_of(std::string_view header);

}  // namespace ec::monitoring
