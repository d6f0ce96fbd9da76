// Bulk device import (POST /api/v1/devices/import, docs/MONITORING.md "Bulk import"): reads the
// .xlsx or CSV body and the dry_run flag, and writes the per-row report as JSON; and the
// template (GET /api/v1/devices/import/template). The rules live in
// modules/monitoring/device_import.hpp.
#include "api/download.hpp"
#include "api/json.hpp"
#include "api/services.hpp"
#include "core/sheet.hpp"
#include "core/xlsx.hpp"
#include "modules/monitoring/device_import.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"

namespace ec::api {
namespace {

using monitoring::import_issue;

std::string_view column_label(std::string_view key, lang l) {
  static constexpr std::pair<std::string_view, std::pair<std::string_view, std::string_view>>
      labels[] = {{"serial", {"序列号", "serial"}},
                  {"type", {"类型", "type"}},
                  {"elder_id_number", {"老人身份证号", "elder ID number"}},
                  {"location", {"安装位置", "location"}},
                  {"notes", {"备注", "notes"}}};
  for (const auto& [k, v] : labels)
    if (k == key) return l == lang::zh ? v.first : v.second;
  return key;  // a header as found in the file
}

// "第12行 序列号：已登记" / "row 12, serial: already registered".
std::string row_message(const import_issue& e, lang l) {
  if (l == lang::zh) {
    std::string m = "第" + std::to_string(e.row) + "行 ";
    if (!e.column.empty()) m += std::string(column_label(e.column, l)) + "：";
    return m + e.message_zh;
  }
  std::string m = "row " + std::to_string(e.row);
  if (!e.column.empty()) m += ", " + std::string(column_label(e.column, l));
  return m + ": " + e.message;
}

json::array issues_json(const std::vector<import_issue>& list, lang l) {
  json::array out;
  for (const auto& e : list)
    out.push_back(json::object{
        {"row", e.row}, {"column", e.column}, {"code", e.code}, {"message", row_message(e, l)}});
  return out;
}

}  // namespace

void register_device_import_routes(router& r) {
  // The template: the five columns as text (so Excel keeps an 18-digit ID number and a serial
  // with leading zeros as typed) and one example row.
  r.add("GET", "/api/v1/devices/import/template", "monitoring:device:edit",
        [](context&) -> result<response> {
          std::vector<xlsx::column> cols = {
              {"序列号", 18}, {"类型", 12}, {"老人身份证号", 22}, {"安装位置", 14}, {"备注", 24}};
          std::vector<std::vector<std::string>> rows = {{"TZ-SOS-000123", "SOS呼叫器",
                                                         "11010519491231002X", "卧室床头",
                                                         "示例行，导入前请删除"}};
          auto bytes = xlsx::write_sheet("设备清单", cols, rows);
          if (!bytes) return std::move(bytes).err();
          return xlsx_download(std::move(*bytes), "devices-template.xlsx", "设备批量导入模板.xlsx");
        });

  r.add("POST", "/api/v1/devices/import", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          auto dry = ctx.q("dry_run").value_or("false");
          if (dry != "true" && dry != "false")
            return error::invalid("request.bad_query", "dry_run", "must be true or false");
          auto fmt = sheet::format_of(ctx.req.get("content-type").value_or(""),
                                      ctx.q("filename").value_or(""));
          if (!fmt)
            return error::make(errc::unsupported, "device_import.media_type",
                               "send an .xlsx workbook or text/csv (UTF-8)");
          if (ctx.req.body.size() > monitoring::k_import_max_bytes) {
            auto e = error::make(errc::too_large, "device_import.too_large",
                                 "the file is " + std::to_string(ctx.req.body.size()) +
                                     " bytes; at most 1 MiB (1048576 bytes) per import");
            e.field = "file";
            return e;
          }
          if (ctx.req.body.empty())
            return error::invalid("request.body_required", "file", "the file is empty");
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto out = monitoring::import_devices(**c, ctx.who(), ctx.req.body, *fmt, dry == "true",
                                                ctx.svc.get<monitoring::service>());
          if (!out) return std::move(out).err();

          json::array devices;
          for (const auto& d : out->devices) {
            json::object o{{"row", d.row},
                           {"serial", d.serial},
                           {"type", d.type},
                           {"location", d.location},
                           {"elder", d.elder_id ? json::value(json::object{{"id", *d.elder_id},
                                                                           {"name", d.elder_name}})
                                                : json::value(nullptr)}};
            if (!out->dry_run && out->created > 0) {
              o["id"] = d.id;
              o["secret"] = d.secret;  // shown once
            }
            devices.push_back(std::move(o));
          }
          json::object report{{"dry_run", out->dry_run},
                              {"total_rows", out->total_rows},
                              {"valid_rows", out->valid_rows},
                              {"created", out->created},
                              {"errors", issues_json(out->errors, ctx.language)},
                              {"devices", std::move(devices)}};
          auto with_report = [&](const error& e) {
            auto res = error_response(e, ctx.language);
            auto body = json::parse(res.body).as_object();
            body["report"] = std::move(report);
            res.body = json::serialize(body);
            return res;
          };
          if (!out->not_provisioned.empty()) {
            report["not_provisioned"] = issues_json(out->not_provisioned, ctx.language);
            return with_report(error::make(
                errc::unavailable, "device.provision_failed",
                "The message broker did not accept " + std::to_string(out->not_provisioned.size()) +
                    " of the device logins; nothing was written, try again"));
          }
          if (!out->errors.empty()) {
            if (out->dry_run) return json_response(200, report);
            return with_report(error::make(errc::invalid, "import.has_errors",
                                           "The file has errors; nothing was written"));
          }
          if (out->total_rows == 0)
            return with_report(error::invalid("device_import.no_rows", "file",
                                              "the file has a header but no devices"));
          return json_response(out->dry_run ? 200 : 201, report);
        },
        // The import takes at most 1 MiB; a little more reaches the route, which says so in
        // the import's own words (413 device_import.too_large).
        {.body_limit = [](const config&) -> std::size_t { return 4u << 20; }});
}

}  // namespace ec::api
