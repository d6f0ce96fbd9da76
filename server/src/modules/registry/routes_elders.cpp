// The elder registry API: list, detail, create, edit, leave, reveal, import, export.
#include "api/download.hpp"
#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "api/services.hpp"
#include "core/idcard.hpp"
#include "core/phone.hpp"
#include "core/sheet.hpp"
#include "core/timeutil.hpp"
#include "core/xlsx.hpp"
#include "modules/registry/elders.hpp"
#include "modules/registry/import.hpp"
#include "modules/registry/routes.hpp"
#include "modules/system/system.hpp"

namespace ec::api {
namespace {

using registry::elder;

// The 8 digits that the ID mask hides are the birth date, so only a caller who may
// reveal the ID number sees the full birth date; everyone else gets null there and
// the age and birth year (SECURITY.md, "Masking").
bool sees_birth_date(const sys::principal& p) {
  return p.can("registry:elder:reveal");
}

int birth_year_of(std::string_view birth_date) {
  int y = 0;
  for (std::size_t i = 0; i < birth_date.size() && i < 4; ++i) {
    if (birth_date[i] < '0' || birth_date[i] > '9') return 0;
    y = y * 10 + (birth_date[i] - '0');
  }
  return y;
}

// The fields that a list row and the detail share, written in this one place
// (api_test compares a list row with the detail of the same elder).
void write_summary_fields(json_writer& w, const registry::summary_view& e, bool full_birth) {
  w.key("id").value(e.id).key("name").value(e.name);
  w.key("sex").value(e.sex == 'M' ? "M" : "F");
  w.key("birth_date");
  if (full_birth)
    w.value(e.birth_date);
  else
    w.null();
  w.key("birth_year").value(birth_year_of(e.birth_date)).key("age").value(e.age);
  w.key("id_number_masked").value(e.id_number_masked);
  w.key("phone_masked");
  if (e.phone_masked)
    w.value(*e.phone_masked);
  else
    w.null();
  w.key("living_status").value(e.living_status);
  w.key("categories").begin_array();
  registry::for_each_category(e.categories, [&](std::string_view c) { w.value(c); });
  w.end_array();
  w.key("community").begin_object().key("id").value(e.community_id);
  w.key("name").value(e.community_name).end_object();
  w.key("building");
  if (e.org_unit_kind == "grid" || e.org_unit_kind == "building") {
    w.begin_object().key("id").value(e.org_unit_id).key("name").value(e.org_unit_name).end_object();
  } else {
    w.null();
  }
  w.key("address").value(e.address).key("status").value(e.status);
}

void write_optional(json_writer& w, std::string_view k, const std::optional<std::string>& v) {
  w.key(k);
  if (v)
    w.value(*v);
  else
    w.null();
}

// The detail: the summary's fields, then contacts, household and bookkeeping.
response detail_response(int status, const elder& e, bool full_birth) {
  registry::summary_buffer buf;
  const auto v = registry::summary_of(e, buf);
  json_writer w;
  w.begin_object();
  write_summary_fields(w, v, full_birth);
  w.key("contacts").begin_array();
  for (const auto& c : e.contacts) {
    w.begin_object().key("id").value(c.id).key("name").value(c.name);
    w.key("relation").value(c.relation).key("phone_masked").value(phone::mask(c.phone));
    w.end_object();
  }
  w.end_array();
  w.key("org_unit_id").value(e.org_unit_id).key("notes").value(e.notes);
  w.key("household_code").value(e.household_code);
  w.key("household_members").begin_array();
  for (const auto& m : e.household_members) {
    w.begin_object().key("id").value(m.id).key("name").value(m.name);
    w.key("sex").value(std::string_view(&m.sex, 1)).key("age").value(m.age).end_object();
  }
  w.end_array();
  w.key("version").value(e.version);
  write_optional(w, "left_reason", e.left_reason);
  write_optional(w, "left_date", e.left_date);
  write_optional(w, "left_note", e.left_note);
  w.key("created_at").value(timeutil::iso8601_shanghai(e.created_at));
  w.key("updated_at").value(timeutil::iso8601_shanghai(e.updated_at));
  w.end_object();
  response out;
  out.status = status;
  out.body = w.take();
  return out;
}

// Reads the create/update body into an elder_input (type errors collected).
result<registry::elder_input> read_input(const std::string& body, bool creating) {
  auto obj = parse_object(body);
  if (!obj) return std::move(obj).err();
  reader rd(*obj);
  registry::elder_input in;
  in.name = rd.text("name", creating, 64);
  in.id_number = rd.text("id_number", false, 64);
  if (rd.has("phone")) {
    auto p = rd.nullable_text("phone", 32);
    if (p) in.phone = p->empty() ? std::optional<std::string>{} : std::optional<std::string>{*p};
  }
  in.living_status = rd.one_of("living_status", creating, registry::k_living_statuses);
  in.categories = rd.string_list("categories", false, registry::k_categories);
  in.org_unit_id = rd.integer("org_unit_id", creating, 1);
  in.address = rd.text("address", false, 256);
  in.notes = rd.text("notes", false, 2000);
  in.household_code = rd.text("household_code", false, 64);
  if (!creating) in.version = rd.integer("version", true, 1);
  if (const auto* arr = rd.array("contacts", false, 5)) {
    std::vector<registry::contact_input> cs;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto pre = "contacts[" + std::to_string(i) + "].";
      if (!(*arr)[i].is_object()) {
        rd.add_error("contacts[" + std::to_string(i) + "]", "validation.type", "must be an object");
        continue;
      }
      reader cr((*arr)[i].as_object(), pre);
      registry::contact_input ci;
      auto cid = cr.integer("id", false, 1);
      if (cid) ci.id = *cid;
      ci.name = cr.text("name", true, 64).value_or("");
      ci.relation = cr.one_of("relation", true, registry::k_relations).value_or("");
      if (cr.has("phone")) ci.phone = cr.text("phone", false, 32);
      auto st = cr.finish();
      for (auto& e : cr.errors()) rd.add_error(e.field, e.code, e.message);
      (void)st;
      cs.push_back(std::move(ci));
    }
    in.contacts = std::move(cs);
  }
  if (!rd.errors().empty()) {
    // Report the rule errors of the other fields too, so a form shows them all at once.
    std::vector<field_error> more;
    (void)registry::validate(in, creating, timeutil::today_shanghai(), more);
    for (auto& e : more)
      if (e.field != "org_unit_id") rd.add_error(e.field, e.code, e.message);
  }
  EC_TRY(rd.finish());
  return in;
}

result<registry::list_filter> filter_of(const context& ctx, std::int64_t max_size) {
  return registry::parse_filter([&](std::string_view k) { return ctx.q(k); }, max_size);
}

std::string living_zh(std::string_view s) {
  if (s == "alone") return "独居";
  if (s == "empty_nest") return "空巢";
  if (s == "with_family") return "与子女同住";
  if (s == "institution") return "机构养老";
  return "其他";
}

std::string category_zh(std::string_view s) {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"extreme_poverty", "特困"}, {"subsistence", "低保"},  {"lost_only_child", "失独"},
      {"disabled", "残疾"},        {"low_income", "低收入"}, {"left_behind", "留守"},
      {"veteran", "优抚对象"},     {"advanced_age", "高龄"}};
  auto it = m.find(s);
  return it == m.end() ? std::string(s) : it->second;
}

}  // namespace

void register_elder_routes(router& r) {
  r.add("GET", "/api/v1/elders", "registry:elder:view", [](context& ctx) -> result<response> {
    auto f = filter_of(ctx, 200);
    if (!f) return std::move(f).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    // The hottest route: rows go from the database statement straight to JSON
    // text, with no row copies, records or DOM in between.
    const bool full_birth = sees_birth_date(ctx.who());
    json_writer w;
    w.begin_object().key("items").begin_array();
    auto total = registry::list_each(**c, ctx.who(), *f, [&](const registry::summary_view& e) {
      w.begin_object();
      write_summary_fields(w, e, full_birth);
      w.end_object();
      return status{};
    });
    if (!total) return std::move(total).err();
    w.end_array().key("total").value(*total).key("page").value(f->page);
    w.key("size").value(f->size).end_object();
    response out;
    out.body = w.take();
    return out;
  });

  r.add("GET", "/api/v1/elders/{id}", "registry:elder:view",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto e = registry::get(c, ctx.who(), id);
          if (!e) return std::move(e).err();
          return detail_response(200, *e, sees_birth_date(ctx.who()));
        }));

  r.add("POST", "/api/v1/elders", "registry:elder:create", [](context& ctx) -> result<response> {
    auto in = read_input(ctx.req.body, true);
    if (!in) return std::move(in).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto e = registry::create(**c, ctx.who(), *in);
    if (!e) return std::move(e).err();
    auto res = detail_response(201, *e, sees_birth_date(ctx.who()));
    res.set("location", "/api/v1/elders/" + std::to_string(e->id));
    return res;
  });

  r.add("PUT", "/api/v1/elders/{id}", "registry:elder:edit", [](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto in = read_input(ctx.req.body, false);
    if (!in) return std::move(in).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto e = registry::update(**c, ctx.who(), *id, *in, ctx.svc.get<registry::move_followers>());
    if (!e) return std::move(e).err();
    return detail_response(200, *e, sees_birth_date(ctx.who()));
  });

  r.add("POST", "/api/v1/elders/{id}/leave", "registry:elder:leave",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto body = parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          reader rd(*body);
          auto reason = rd.one_of("reason", true, {"moved", "deceased", "other"});
          auto date = rd.text("date", true, 10);
          auto note = rd.text("note", false, 500);
          auto version = rd.integer("version", true, 1);
          EC_TRY(rd.finish());
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto e =
              registry::leave(**c, ctx.who(), *id, *reason, *date, note.value_or(""), *version);
          if (!e) return std::move(e).err();
          return detail_response(200, *e, sees_birth_date(ctx.who()));
        });

  r.add("POST", "/api/v1/elders/{id}/reveal", "registry:elder:reveal",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto body = parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          reader rd(*body);
          auto field = rd.one_of("field", true, {"id_number", "phone", "contact_phone"});
          auto contact_id = rd.integer("contact_id", false, 1);
          if (field && *field == "contact_phone" && !contact_id)
            rd.add_error("contact_id", "validation.required", "is required for contact_phone");
          EC_TRY(rd.finish());
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto v = registry::reveal(**c, ctx.who(), *id, *field, contact_id);
          if (!v) return std::move(v).err();
          return json_response(200, json::object{{"value", *v}});
        });

  r.add("POST", "/api/v1/elders/import", "registry:elder:import",
        [](context& ctx) -> result<response> {
          auto dry = ctx.q("dry_run").value_or("true");
          if (dry != "true" && dry != "false")
            return error::invalid("request.bad_query", "dry_run", "must be true or false");
          auto fmt = sheet::format_of(ctx.req.get("content-type").value_or(""),
                                      ctx.q("filename").value_or(""));
          if (!fmt)
            return error::make(errc::unsupported, "request.unsupported_media_type",
                               "send text/csv or an .xlsx workbook");
          if (ctx.req.body.empty())
            return error::invalid("request.body_required", "file", "the file is empty");
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto rep = registry::import_elders(**c, ctx.who(), ctx.req.body, *fmt, dry == "true",
                                             ctx.svc.get<registry::move_followers>());
          if (!rep) return std::move(rep).err();
          json::array errs;
          for (const auto& e : rep->errors)
            errs.push_back(
                json::object{{"row", e.row},
                             {"field", e.field},
                             {"code", e.code},
                             {"message", localized(e.code, e.field, e.message, ctx.language)}});
          json::object report{{"dry_run", rep->dry_run},       {"total_rows", rep->total_rows},
                              {"valid_rows", rep->valid_rows}, {"created", rep->created},
                              {"updated", rep->updated},       {"errors", std::move(errs)}};
          ctx.svc.metrics.count("import_rows_total", rep->total_rows);
          if (!rep->dry_run && !rep->errors.empty()) {
            auto e = error::make(errc::invalid, "import.has_errors",
                                 "The file has errors; nothing was written");
            auto res = error_response(e, ctx.language);
            auto body = json::parse(res.body).as_object();
            body["report"] = std::move(report);
            res.body = json::serialize(body);
            return res;
          }
          return json_response(200, report);
        },
        {.body_limit = [](const config& c) {
          return static_cast<std::size_t>(c.import_limit_mib) << 20;
        }});

  r.add("GET", "/api/v1/elders/import/template", "registry:elder:import",
        [](context&) -> result<response> {
          std::vector<xlsx::column> cols;
          for (const auto& h : registry::template_headers())
            cols.push_back({h, h == "身份证号" ? 22.0 : 14.0, true});
          std::vector<std::vector<std::string>> rows = {
              {"张秀英", "370322194503120028", "13805331234", "独居", "低保、残疾", "官庄社区",
               "1号楼", "官庄社区1号楼2单元301", "李建国", "儿子", "13905337788", "",
               "示例行，导入前请删除"}};
          auto bytes = xlsx::write_sheet("老人信息", cols, rows);
          if (!bytes) return std::move(bytes).err();
          return xlsx_download(std::move(*bytes), "elders-template.xlsx", "老人信息导入模板.xlsx");
        });

  r.add(
      "GET", "/api/v1/elders/export", "registry:elder:export",
      [](context& ctx) -> result<response> {
        auto f = filter_of(ctx, 200);
        if (!f) return std::move(f).err();
        auto c = ctx.svc.db.acquire();
        if (!c) return std::move(c).err();
        // The whole filtered set, a page at a time; capped to keep memory bounded.
        std::vector<std::vector<std::string>> rows;
        const bool full_birth = sees_birth_date(ctx.who());
        f->size = 200;
        for (f->page = 1;; ++f->page) {
          std::size_t on_page = 0;
          auto res = registry::list_each(**c, ctx.who(), *f, [&](const registry::summary_view& e) {
            ++on_page;
            std::string cats;
            registry::for_each_category(e.categories, [&](std::string_view cat) {
              cats += (cats.empty() ? "" : "、") + category_zh(cat);
            });
            const bool in_building = e.org_unit_kind == "grid" || e.org_unit_kind == "building";
            rows.push_back({std::string(e.name), std::string(e.id_number_masked),
                            e.sex == 'M' ? "男" : "女",
                            full_birth ? std::string(e.birth_date)
                                       : std::to_string(birth_year_of(e.birth_date)),
                            std::to_string(e.age), std::string(e.phone_masked.value_or("")),
                            living_zh(e.living_status), cats, std::string(e.community_name),
                            in_building ? std::string(e.org_unit_name) : std::string(),
                            std::string(e.address), e.status == "active" ? "在册" : "已离册"});
            return status{};
          });
          if (!res) return std::move(res).err();
          if (on_page < 200 || rows.size() >= 200000) break;
        }
        std::vector<xlsx::column> cols = {
            {"姓名", 10},     {"身份证号", 22},
            {"性别", 6},      {full_birth ? "出生日期" : "出生年份", 12},
            {"年龄", 6},      {"联系电话", 14},
            {"居住状况", 12}, {"特殊类别", 16},
            {"所属社区", 14}, {"楼栋/网格", 12},
            {"家庭住址", 30}, {"状态", 8}};
        auto bytes = xlsx::write_sheet("老人信息", cols, rows);
        if (!bytes) return std::move(bytes).err();
        auto st = db::in_transaction(**c, [&]() -> status {
          return sys::audit(**c, &ctx.who(), ctx.req.remote_ip,
                            {"export",
                             "elder",
                             "",
                             {"exported " + std::to_string(rows.size()) + " elders (masked)",
                              "导出老人 " + std::to_string(rows.size()) + " 人（已脱敏）"},
                             json::object{{"query", ctx.req.target}}});
        });
        if (!st) return std::move(st).err();
        auto date = timeutil::format_date(timeutil::today_shanghai());
        return xlsx_download(std::move(*bytes), "elders-" + date + ".xlsx",
                             "老人信息-" + date + ".xlsx");
      });
}

}  // namespace ec::api
