// Bulk device import; see device_import.hpp.
#include "modules/monitoring/device_import.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <utility>

#include "core/crypto.hpp"
#include "core/csv.hpp"
#include "core/idcard.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "core/xlsx.hpp"
#include "ingest/dynsec.hpp"
#include "modules/monitoring/devices.hpp"
#include "modules/monitoring/types.hpp"
#include "modules/registry/registry.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

// Type code → the web UI's Chinese label (label_zh, as in devices.zh-CN.ts).
const std::vector<std::pair<std::string_view, std::string_view>>& type_labels() {
  static const std::vector<std::pair<std::string_view, std::string_view>> t = [] {
    std::vector<std::pair<std::string_view, std::string_view>> v;
    for (int i = 0; i < k_device_type_count; ++i) {
      auto dt = static_cast<device_type>(i);
      v.emplace_back(format(dt), label_zh(dt));
    }
    return v;
  }();
  return t;
}

// Other names installers and vendors' delivery notes use.
const std::map<std::string_view, std::string_view>& type_aliases() {
  static const std::map<std::string_view, std::string_view> m = {
      {"紧急呼叫按钮", "sos_pendant"},
      {"紧急呼叫器", "sos_pendant"},
      {"一键呼叫", "sos_pendant"},
      {"SOS按钮", "sos_pendant"},
      {"呼叫器", "sos_pendant"},
      {"跌倒检测器", "fall_detector"},
      {"跌倒探测器", "fall_detector"},
      {"门磁传感器", "door_sensor"},
      {"门磁感应器", "door_sensor"},
      {"人体红外", "motion_sensor"},
      {"人体红外感应器", "motion_sensor"},
      {"红外感应器", "motion_sensor"},
      {"睡眠监测带", "bed_sensor"},
      {"床垫", "bed_sensor"},
      {"离床感应器", "bed_sensor"},
      {"烟雾报警器", "smoke"},
      {"烟感报警器", "smoke"},
      {"烟雾探测器", "smoke"},
      {"燃气探测器", "gas"},
      {"可燃气体报警器", "gas"},
      {"水浸传感器", "water_leak"},
      {"漏水报警器", "water_leak"},
      {"心率带", "heart_rate_band"},
      {"智能手环", "heart_rate_band"},
      {"GPS手表", "gps_watch"},
      {"定位手环", "gps_watch"}};
  return m;
}

// The web UI's English labels (devices.en.ts), compared without spaces and case.
const std::map<std::string_view, std::string_view>& english_names() {
  static const std::map<std::string_view, std::string_view> m = {
      {"sospendant", "sos_pendant"},
      {"falldetector", "fall_detector"},
      {"doorsensor", "door_sensor"},
      {"motionsensor", "motion_sensor"},
      {"bedsensor", "bed_sensor"},
      {"smokedetector", "smoke"},
      {"gasdetector", "gas"},
      {"water-leaksensor", "water_leak"},
      {"waterleaksensor", "water_leak"},
      {"heart-rateband", "heart_rate_band"},
      {"heartrateband", "heart_rate_band"},
      {"gpswatch", "gps_watch"}};
  return m;
}

struct column_def {
  std::string_view key, en, zh;
};
constexpr column_def k_columns[] = {{"serial", "serial", "序列号"},
                                    {"type", "type", "类型"},
                                    {"elder_id_number", "elder ID number", "老人身份证号"},
                                    {"location", "location", "安装位置"},
                                    {"notes", "notes", "备注"}};

const std::map<std::string, std::string_view>& header_words() {
  static const std::map<std::string, std::string_view> m = {{"序列号", "serial"},
                                                            {"设备序列号", "serial"},
                                                            {"设备编号", "serial"},
                                                            {"sn", "serial"},
                                                            {"serial", "serial"},
                                                            {"serialnumber", "serial"},
                                                            {"类型", "type"},
                                                            {"设备类型", "type"},
                                                            {"type", "type"},
                                                            {"devicetype", "type"},
                                                            {"老人身份证号", "elder_id_number"},
                                                            {"老人身份证号码", "elder_id_number"},
                                                            {"身份证号", "elder_id_number"},
                                                            {"身份证号码", "elder_id_number"},
                                                            {"elderidnumber", "elder_id_number"},
                                                            {"elder_id_number", "elder_id_number"},
                                                            {"idnumber", "elder_id_number"},
                                                            {"安装位置", "location"},
                                                            {"位置", "location"},
                                                            {"location", "location"},
                                                            {"备注", "notes"},
                                                            {"notes", "notes"},
                                                            {"note", "notes"}};
  return m;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

// Header text as compared: trimmed, without spaces and a leading '*' (required-column mark),
// ASCII lower-case.
std::string header_key(std::string_view h) {
  std::string out;
  auto t = text::trim(h);
  for (char ch : t)
    if (ch != ' ' && ch != '\t') out += ch;
  while (out.starts_with("*")) out.erase(0, 1);
  return ascii_lower(out);
}

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
}

// Chinese text for the rules an ID number can break (core/idcard.hpp codes).
std::string id_rule_zh(const error& e) {
  static const std::map<std::string_view, std::string_view> m = {
      {"id_number.length", "应为18位"},
      {"id_number.characters", "前17位应为数字，最后一位为数字或X"},
      {"id_number.birth_date", "其中的出生日期不存在"},
      {"id_number.future_birth", "其中的出生日期晚于今天"},
      {"id_number.check_digit", "校验位错误，请核对号码"}};
  auto it = m.find(e.code);
  return it == m.end() ? std::string("格式不正确") : std::string(it->second);
}

struct elder_hit {
  std::int64_t id = 0, org_unit_id = 0;
  std::string name, org_path, status;
};

error taken_error() {
  auto e = error::make(errc::conflict, "device.serial_taken",
                       "A device with a serial of the file was registered meanwhile; nothing was "
                       "written, check the file again");
  e.field = "serial";
  return e;
}

}  // namespace

std::optional<std::string> device_type_of(std::string_view cell) {
  std::string t = text::trim(cell);
  std::erase(t, ' ');
  if (t.empty()) return std::nullopt;
  auto lower = ascii_lower(t);
  for (auto code : k_device_types)
    if (lower == code) return std::string(code);
  for (const auto& [code, label] : type_labels())
    if (t == label) return std::string(code);
  // Upper-case ASCII inside Chinese names ("SOS按钮" vs "sos按钮").
  for (const auto& [name, code] : type_aliases())
    if (ascii_lower(name) == lower) return std::string(code);
  for (const auto& [code, label] : type_labels())
    if (ascii_lower(label) == lower) return std::string(code);
  if (auto it = english_names().find(lower); it != english_names().end())
    return std::string(it->second);
  return std::nullopt;
}

std::string_view device_type_label(std::string_view code) {
  for (const auto& [c, label] : type_labels())
    if (c == code) return label;
  return code;
}

std::optional<std::string> import_column_of(std::string_view header) {
  auto k = header_key(header);
  auto it = header_words().find(k);
  if (it == header_words().end()) return std::nullopt;
  return std::string(it->second);
}

result<import_outcome> import_devices(db::connection& c, const sys::principal& who,
                                      std::string_view bytes, sheet::format fmt, bool dry_run,
                                      device_provisioner* svc) {
  auto rows =
      fmt == sheet::format::csv ? csv::parse_utf8_only(bytes) : xlsx::read_first_sheet(bytes);
  if (!rows) return std::move(rows).err();
  // Leading blank lines are not a header.
  std::size_t header_at = 0;
  while (header_at < rows->size() &&
         std::all_of((*rows)[header_at].begin(), (*rows)[header_at].end(),
                     [](const auto& x) { return text::trim(x).empty(); }))
    ++header_at;
  if (header_at == rows->size())
    return error::invalid("device_import.no_header", "file",
                          "the file is empty; the first row must be the header (序列号,类型,…)");

  import_outcome out;
  out.dry_run = dry_run;
  const int header_row = static_cast<int>(header_at + 1);
  auto issue = [&](int row, std::string column, std::string code, std::string en, std::string zh) {
    out.errors.push_back({row, std::move(column), std::move(code), std::move(en), std::move(zh)});
  };

  // The header: each known column once, nothing unknown (a blank header over blank cells is
  // a stray comma and ignored).
  std::map<std::string, std::size_t> at;
  std::vector<std::size_t> blank_headers;
  const auto& hdr = (*rows)[header_at];
  for (std::size_t i = 0; i < hdr.size(); ++i) {
    auto h = text::trim(hdr[i]);
    if (header_key(h).empty()) {
      blank_headers.push_back(i);
      continue;
    }
    auto key = import_column_of(h);
    if (!key) {
      issue(
          header_row, h, "device_import.unknown_column",
          "unknown column; the columns are 序列号/serial, 类型/type, 老人身份证号/elder_id_number, "
          "安装位置/location, 备注/notes",
          "无法识别的列；可用的列为 序列号、类型、老人身份证号、安装位置、备注");
    } else if (at.contains(*key)) {
      issue(header_row, h, "device_import.repeated_column", "this column appears twice",
            "该列重复出现");
    } else {
      at[*key] = i;
    }
  }
  for (std::string_view req : {"serial", "type"}) {
    if (!at.contains(std::string(req))) {
      const auto* def = std::find_if(std::begin(k_columns), std::end(k_columns),
                                     [&](const column_def& d) { return d.key == req; });
      issue(header_row, std::string(req), "device_import.missing_column",
            "the header has no " + std::string(def->en) + " column (" + std::string(def->zh) + ")",
            "表头缺少“" + std::string(def->zh) + "”列");
    }
  }
  if (!out.errors.empty()) return out;

  std::size_t data_rows = 0;
  for (std::size_t r = header_at + 1; r < rows->size(); ++r) {
    bool blank = std::all_of((*rows)[r].begin(), (*rows)[r].end(),
                             [](const auto& x) { return text::trim(x).empty(); });
    if (!blank) ++data_rows;
  }
  if (data_rows > k_import_max_rows) {
    auto e = error::make(errc::too_large, "device_import.too_many_rows",
                         "the file has " + std::to_string(data_rows) + " devices; at most " +
                             std::to_string(k_import_max_rows) + " per import (split the file)");
    e.field = "file";
    return e;
  }

  auto today = timeutil::today_shanghai();
  std::map<std::string, int> first_row_of_serial;          // lower-case serial → row
  std::map<std::string, std::optional<elder_hit>> elders;  // ID number → elder in scope

  for (std::size_t r = header_at + 1; r < rows->size(); ++r) {
    const auto& cells = (*rows)[r];
    bool blank = std::all_of(cells.begin(), cells.end(),
                             [](const auto& x) { return text::trim(x).empty(); });
    if (blank) continue;
    const int row = static_cast<int>(r + 1);
    ++out.total_rows;
    const std::size_t before = out.errors.size();
    auto cell = [&](std::string_view key) -> std::string {
      auto it = at.find(std::string(key));
      if (it == at.end() || it->second >= cells.size()) return {};
      return text::trim(cells[it->second]);
    };
    if (cells.size() > hdr.size()) {
      issue(row, "", "device_import.extra_cells",
            "has " + std::to_string(cells.size()) + " cells but the header has " +
                std::to_string(hdr.size()) + " (an unquoted comma?)",
            "单元格数（" + std::to_string(cells.size()) + "）多于表头列数（" +
                std::to_string(hdr.size()) + "），可能有未加引号的逗号");
    }
    for (auto i : blank_headers) {
      if (i < cells.size() && !text::trim(cells[i]).empty()) {
        issue(row, "", "device_import.cell_without_header",
              "column " + std::to_string(i + 1) + " has a value but no header",
              "第" + std::to_string(i + 1) + "列有内容但没有表头");
        break;
      }
    }

    import_device d;
    d.row = row;
    d.serial = cell("serial");
    if (d.serial.empty()) {
      issue(row, "serial", "validation.required", "is required", "不能为空");
    } else if (auto s = check_serial(d.serial); !s) {
      issue(row, "serial", "device.serial_invalid",
            "must be 4 to 40 letters A-Z, digits or '-' (got '" + d.serial + "')",
            "应为4-40位字母、数字或“-”（当前为“" + d.serial + "”）");
    } else if (svc && !svc->check_serial_free(d.serial)) {
      issue(row, "serial", "device.serial_reserved",
            "'" + d.serial + "' is a name the message broker reserves for the server",
            "“" + d.serial + "”是消息服务器为平台自身保留的名称，不能用作设备序列号");
    } else {
      auto [it, fresh] = first_row_of_serial.emplace(ascii_lower(d.serial), row);
      if (!fresh) {
        issue(row, "serial", "device_import.serial_repeated",
              "the same serial is on row " + std::to_string(it->second) + " of the file",
              "与文件第" + std::to_string(it->second) + "行重复");
      } else {
        auto same =
            c.maybe_one("SELECT id FROM devices WHERE lower(serial) = lower(?)", {d.serial});
        if (!same) return std::move(same).err();
        if (*same) issue(row, "serial", "device.serial_taken", "already registered", "已登记");
      }
    }

    auto type_text = cell("type");
    if (type_text.empty()) {
      issue(row, "type", "validation.required", "is required", "不能为空");
    } else if (auto t = device_type_of(type_text); !t) {
      std::string zh_list;
      for (const auto& [code, label] : type_labels())
        zh_list += (zh_list.empty() ? "" : "、") + std::string(label);
      issue(row, "type", "validation.enum",
            "'" + type_text +
                "' is not a device type (sos_pendant, fall_detector, door_sensor, "
                "motion_sensor, bed_sensor, smoke, gas, water_leak, heart_rate_band, gps_watch or "
                "their Chinese names)",
            "“" + type_text + "”不是设备类型，可填：" + zh_list);
    } else {
      d.type = *t;
    }

    if (auto idn = cell("elder_id_number"); !idn.empty()) {
      auto parsed = idcard::parse(idn, today, "elder_id_number");
      if (!parsed) {
        issue(row, "elder_id_number", parsed.err().code, parsed.err().message,
              id_rule_zh(parsed.err()));
      } else {
        auto it = elders.find(parsed->number);
        if (it == elders.end()) {
          auto hit = sys::maybe_one_in_scope(
              c, who, sys::elder_scope_sql, "e",
              "SELECT e.id, e.org_unit_id, e.name, e.org_path, e.status FROM elders e WHERE "
              "e.id_bi = ?",
              {registry::pii_rows::id_index(parsed->number)});
          if (!hit) return std::move(hit).err();
          std::optional<elder_hit> found;
          if (*hit)
            found = elder_hit{(*hit)->i64(0), (*hit)->i64(1), (*hit)->str(2), (*hit)->str(3),
                              (*hit)->str(4)};
          it = elders.emplace(parsed->number, std::move(found)).first;
        }
        if (!it->second) {
          issue(row, "elder_id_number", "device_import.elder_not_found",
                "no elder with this ID number in your scope", "您管辖范围内没有该身份证号的老人");
        } else if (it->second->status != "active") {
          issue(row, "elder_id_number", "device.elder_left",
                "the elder has left the registry; devices bind to active elders only",
                "该老人已离册，不能绑定设备");
        } else {
          d.elder_id = it->second->id;
          d.elder_name = it->second->name;
        }
      }
    }

    auto text_cell = [&](std::string_view key, std::size_t max, std::string& into) {
      auto v = cell(key);
      if (has_control_chars(v)) {
        issue(row, std::string(key), "validation.control_chars",
              "must not contain line breaks or control characters", "不能包含换行或控制字符");
      } else if (text::utf8_length(v) > max) {
        issue(row, std::string(key), "validation.too_long",
              "is longer than " + std::to_string(max) + " characters",
              "超过" + std::to_string(max) + "个字");
      } else {
        into = std::move(v);
      }
    };
    text_cell("location", 32, d.location);
    text_cell("notes", 500, d.notes);

    if (out.errors.size() == before) {
      ++out.valid_rows;
      out.devices.push_back(std::move(d));
    }
  }
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const import_issue& a, const import_issue& b) { return a.row < b.row; });
  if (dry_run || !out.errors.empty() || out.devices.empty()) return out;

  // Broker logins first, outside the database transaction.
  std::vector<std::pair<std::string, std::string>> logins;
  logins.reserve(out.devices.size());
  for (auto& d : out.devices) {
    d.secret = ingest::dynsec::generate_password();
    logins.emplace_back(d.serial, d.secret);
  }
  std::vector<std::string> provisioned;
  if (svc) {
    auto res = svc->provision_devices(logins);
    for (std::size_t i = 0; i < res.size(); ++i) {
      if (res[i]) {
        provisioned.push_back(out.devices[i].serial);
      } else {
        out.not_provisioned.push_back({out.devices[i].row, out.devices[i].serial,
                                       "device.provision_failed", res[i].err().message,
                                       "消息服务器未能开通设备账号：" + res[i].err().message});
      }
    }
    if (!out.not_provisioned.empty()) {
      spdlog::warn("device import: {} of {} broker logins not provisioned ({}); nothing written",
                   out.not_provisioned.size(), logins.size(), out.not_provisioned[0].message);
      svc->revoke_devices(provisioned);
      for (auto& d : out.devices) d.secret.clear();
      return out;
    }
  }

  std::map<std::int64_t, elder_hit> elder_by_id;
  for (const auto& [number, e] : elders)
    if (e) elder_by_id.emplace(e->id, *e);
  auto now = timeutil::now_unix_ms();
  int bound = 0;
  auto st = db::in_transaction(c, [&]() -> status {
    for (auto& d : out.devices) {
      std::int64_t unit_id = who.org_unit_id;
      std::string path = who.org_path;
      if (d.elder_id) {
        const auto& e = elder_by_id.at(*d.elder_id);
        unit_id = e.org_unit_id;
        path = e.org_path;
        ++bound;
      }
      auto ins = c.query(
          "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
          "token_hash, registered_at, bound_at, notes, created_at, updated_at) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {d.serial, d.type, db::opt(d.elder_id), unit_id, path, d.location,
           crypto::sha256_hex(d.secret), now, d.elder_id ? db::value{now} : db::null(), d.notes,
           now, now});
      if (!ins) {
        if (ins.err().kind == errc::conflict) return taken_error();
        return std::move(ins).err();
      }
      d.id = ins->front().i64(0);
      // The same entry as a single registration (register_device), plus how it came.
      json::object ch{{"serial", json::array{nullptr, json::string(d.serial)}},
                      {"type", json::array{nullptr, json::string(d.type)}},
                      {"org_unit_id", json::array{nullptr, unit_id}}};
      if (d.elder_id) ch["elder_id"] = json::array{nullptr, *d.elder_id};
      if (!d.location.empty()) ch["location"] = json::array{nullptr, json::string(d.location)};
      EC_TRY(sys::audit(
          c, &who, who.ip,
          {"create",
           "device",
           std::to_string(d.id),
           {"registered device " + d.serial +
                (d.elder_id ? " for " + d.elder_name : std::string(" (in stock)")) + " (import)",
            "登记设备 " + d.serial +
                (d.elder_id ? "，绑定 " + d.elder_name : std::string("（库存）")) + "（批量导入）"},
           ch}));
    }
    return sys::audit(c, &who, who.ip,
                      {"import",
                       "device",
                       "",
                       {"imported " + std::to_string(out.devices.size()) + " devices",
                        "批量导入设备 " + std::to_string(out.devices.size()) + " 台"},
                       json::object{{"count", out.devices.size()}, {"bound", bound}}});
  });
  if (!st) {
    if (svc) svc->revoke_devices(provisioned);
    return std::move(st).err();
  }
  out.created = static_cast<int>(out.devices.size());
  if (svc) {
    std::vector<std::int64_t> ids;
    ids.reserve(out.devices.size());
    for (const auto& d : out.devices) ids.push_back(d.id);
    svc->devices_changed(ids);
  }
  return out;
}

}  // namespace ec::monitoring
