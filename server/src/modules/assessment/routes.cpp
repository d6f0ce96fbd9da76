// The assessment API: the form definition (GET /assessment/catalog), an elder's records, create
// (idempotent by client id), edit, submit, review, return, and the due list. Routes parse and
// render; records.cpp owns the SQL, the transactions and the audit entries.
#include "modules/assessment/routes.hpp"

#include <boost/json/array.hpp>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "modules/assessment/records.hpp"

namespace ec::assessment {

using api::response;
namespace json = boost::json;

namespace {

std::vector<std::string_view> codes_of(std::span<const choice_def> cs) {
  std::vector<std::string_view> out;
  for (const auto& c : cs) out.push_back(c.code);
  return out;
}

// The form's fields (create and update). Answers present must be items of the standard with
// one of their options' scores; a draft may leave items out (submit requires all).
form_input read_form(api::reader& rd) {
  form_input in;
  auto relations = codes_of(informant_relations());
  relations.emplace_back("");
  in.reason = rd.one_of("reason", true, codes_of(reasons())).value_or("");
  in.assessor1_id = rd.integer("assessor1_id", false, 1);
  in.assessor2_id = rd.integer("assessor2_id", false, 1);
  in.informant_name = rd.text("informant_name", false, 32).value_or("");
  in.informant_relation = rd.one_of("informant_relation", false, relations).value_or("");
  in.place = rd.text("place", false, 64).value_or("");
  auto date = rd.text("assessed_on", false, 10);
  if (date && !date->empty()) {
    auto d = timeutil::parse_date(*date, "assessed_on");
    if (!d)
      rd.add_error("assessed_on", "assessment.date_format", "must be a date YYYY-MM-DD");
    else
      in.assessed_on = timeutil::format_date(*d);
  }
  in.diagnoses = rd.text("diagnoses", false, 200).value_or("");
  in.dementia = rd.boolean("dementia", false).value_or(false);
  in.other_mental_disorder = rd.boolean("other_mental_disorder", false).value_or(false);
  in.comatose = rd.boolean("comatose", false).value_or(false);
  if (const auto* risks = rd.object("risk_events", false)) {
    for (const auto& [k, v] : *risks) {
      auto field = "risk_events." + std::string(k);
      bool known = false;
      for (const auto& e : risk_events()) known = known || e.code == std::string_view(k);
      if (!known) {
        rd.add_error(field, "validation.unknown_field", "is not a care-risk event");
        continue;
      }
      if (!v.is_int64() || v.as_int64() < 0 || v.as_int64() > risk_event_max_count) {
        rd.add_error(field, "assessment.risk_count_range", "must be 0-3 (3: three or more)");
        continue;
      }
      in.risk_events[std::string(k)] = static_cast<int>(v.as_int64());
    }
  }
  if (const auto* answers = rd.object("answers", false)) {
    for (const auto& [k, v] : *answers) {
      auto field = "answers." + std::string(k);
      const auto* item = find_item(std::string_view(k));
      if (!item) {
        rd.add_error(field, "assessment.answer_unknown", "is no item of GB/T 42195-2022");
        continue;
      }
      if (v.is_null()) continue;  // not answered yet
      if (!v.is_int64() || !item->allows(static_cast<int>(v.as_int64()))) {
        rd.add_error(field, "assessment.answer_invalid", "is not one of the item's options");
        continue;
      }
      in.answers[std::string(k)] = static_cast<int>(v.as_int64());
    }
  }
  return in;
}

json::object choice_json(const choice_def& c) {
  return {{"code", c.code}, {"name_zh", c.name_zh}, {"name_en", c.name_en}};
}

// The form definition: the one catalogue (ability.cpp) as the web's form and print read it.
json::object catalog_json() {
  json::array gs;
  for (const auto& g : groups()) {
    json::array its;
    for (const auto& it : items()) {
      if (it.grp != g.id) continue;
      json::array opts;
      for (const auto& o : it.options)
        opts.push_back(json::object{{"score", o.score}, {"text_zh", o.text_zh}});
      its.push_back(json::object{{"code", it.code},
                                 {"ref", it.ref},
                                 {"name_zh", it.name_zh},
                                 {"name_en", it.name_en},
                                 {"definition_zh", it.definition_zh},
                                 {"note_zh", it.note_zh},
                                 {"max_score", it.max_score()},
                                 {"options", std::move(opts)}});
    }
    gs.push_back(json::object{{"code", g.code},
                              {"ref", g.ref},
                              {"name_zh", g.name_zh},
                              {"name_en", g.name_en},
                              {"max_score", g.max_score},
                              {"items", std::move(its)}});
  }
  json::array grs;
  for (const auto& g : grades())
    grs.push_back(json::object{{"code", g.code},
                               {"number", static_cast<int>(g.id)},
                               {"min_total", g.min_total},
                               {"max_total", g.max_total},
                               {"name_zh", g.name_zh},
                               {"short_zh", g.short_zh},
                               {"name_en", g.name_en}});
  json::array risks;
  for (const auto& e : risk_events())
    risks.push_back(json::object{{"code", e.code}, {"name_zh", e.name_zh}, {"name_en", e.name_en}});
  json::array rs, rel;
  for (const auto& c : reasons()) rs.push_back(choice_json(c));
  for (const auto& c : informant_relations()) rel.push_back(choice_json(c));
  return {{"standard", "GB/T 42195-2022"},   {"max_total", max_total()},
          {"groups", std::move(gs)},         {"grades", std::move(grs)},
          {"risk_events", std::move(risks)}, {"risk_event_max_count", risk_event_max_count},
          {"reasons", std::move(rs)},        {"informant_relations", std::move(rel)}};
}

// POST …/submit and …/review take {version}; …/return also {reason}.
result<std::int64_t> read_version(api::context& ctx, std::string* reason) {
  auto body = api::parse_object(ctx.req.body);
  if (!body) return std::move(body).err();
  api::reader rd(*body);
  auto version = rd.integer("version", true, 1);
  if (reason) *reason = rd.text("reason", true, 200).value_or("");
  EC_TRY(rd.finish());
  return *version;
}

// A record as the API shows it, or the error that came instead.
result<response> rendered(result<record> rec) {
  if (!rec) return std::move(rec).err();
  return api::json_response(200, record_json(*rec));
}

// A change of state (submit, review, return): the body's version (and, for a return, the
// reason) is read before a connection is taken; the record is shown as it is afterwards.
using change_fn = result<record> (*)(api::context&, db::connection&, std::int64_t id,
                                     std::int64_t version, const std::string& reason);
api::handler_fn state_change(bool with_reason, change_fn fn) {
  return [with_reason, fn](api::context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    std::string reason;
    auto version = read_version(ctx, with_reason ? &reason : nullptr);
    if (!version) return std::move(version).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    return rendered(fn(ctx, **c, *id, *version, reason));
  };
}

}  // namespace

void register_routes(api::router& r) {
  using api::context;

  r.add("GET", "/api/v1/assessment/catalog", "assessment:record:view",
        [](context&) -> result<response> { return api::json_response(200, catalog_json()); });

  r.add("GET", "/api/v1/assessment/assessors", "assessment:record:edit",
        [](context& ctx) -> result<response> {
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto list = assessors(**c, ctx.who());
          if (!list) return std::move(list).err();
          json::array items;
          for (const auto& a : *list)
            items.push_back(json::object{{"id", a.id}, {"name", a.name}, {"unit", a.unit}});
          return api::json_response(200, json::object{{"items", std::move(items)}});
        });

  r.add("GET", "/api/v1/elders/{id}/assessments", "assessment:record:view",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto h = for_elder(**c, ctx.who(), *id);
          if (!h) return std::move(h).err();
          json::array items;
          for (const auto& x : h->items) items.push_back(record_json(x));
          json::value current = nullptr;
          if (h->current) current = record_json(*h->current);
          return api::json_response(
              200, json::object{{"items", std::move(items)},
                                {"current", std::move(current)},
                                {"due_on", h->due_on ? json::value(*h->due_on) : nullptr},
                                {"due", h->due}});
        });

  r.add("POST", "/api/v1/assessments", "assessment:record:edit",
        [](context& ctx) -> result<response> {
          auto body = api::parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          api::reader rd(*body);
          auto client_id = rd.text("client_id", true, 36);
          if (client_id && !text::is_uuid(*client_id))
            rd.add_error("client_id", "assessment.client_id_format", "must be a UUID");
          auto elder_id = rd.integer("elder_id", true, 1);
          auto supersedes = rd.integer("supersedes_id", false, 1);
          auto in = read_form(rd);
          EC_TRY(rd.finish());
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto rec =
              create(**c, ctx.who(), ctx.req.remote_ip, *elder_id, *client_id, supersedes, in);
          if (!rec) return std::move(rec).err();
          return api::json_response(rec->created ? 201 : 200, record_json(rec->rec));
        });

  r.add("GET", "/api/v1/assessments/due", "assessment:record:view",
        [](context& ctx) -> result<response> {
          auto pg = api::page_params(ctx, 20, 200);
          if (!pg) return std::move(pg).err();
          std::optional<std::int64_t> community;
          if (auto q = ctx.q("community_id"); q && !q->empty()) {
            try {
              std::size_t n = 0;
              community = std::stoll(*q, &n);
              if (n != q->size() || *community < 1) throw std::invalid_argument("id");
            } catch (const std::exception&) {
              return error::invalid("request.bad_query", "community_id", "must be an id");
            }
          }
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto rows = due_list(**c, ctx.who(), community, pg->first, pg->second);
          if (!rows) return std::move(rows).err();
          json::array items;
          for (const auto& d : rows->first)
            items.push_back(json::object{
                {"elder", json::object{{"id", d.elder_id}, {"name", d.elder_name}}},
                {"community", json::object{{"id", d.community_id}, {"name", d.community_name}}},
                {"last_assessment_id", d.last_id ? json::value(*d.last_id) : nullptr},
                {"last_grade",
                 d.last_grade.empty() ? json::value(nullptr) : json::value(d.last_grade)},
                {"due_on", d.due_on ? json::value(*d.due_on) : nullptr},
                {"why", d.why}});
          return api::json_response(200, json::object{{"items", std::move(items)},
                                                      {"total", rows->second},
                                                      {"page", pg->first},
                                                      {"size", pg->second}});
        });

  r.add("GET", "/api/v1/assessments/{id}", "assessment:record:view",
        api::item_handler([](context& ctx, db::connection& c, std::int64_t id) {
          return rendered(get(c, ctx.who(), id));
        }));

  r.add("PUT", "/api/v1/assessments/{id}", "assessment:record:edit",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto body = api::parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          api::reader rd(*body);
          auto in = read_form(rd);
          auto version = rd.integer("version", true, 1);
          EC_TRY(rd.finish());
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto rec = update(**c, ctx.who(), ctx.req.remote_ip, *id, *version, in);
          if (!rec) return std::move(rec).err();
          return api::json_response(200, record_json(*rec));
        });

  r.add("POST", "/api/v1/assessments/{id}/submit", "assessment:record:edit",
        state_change(false, [](context& ctx, db::connection& c, std::int64_t id,
                               std::int64_t version, const std::string&) {
          return submit(c, ctx.who(), ctx.req.remote_ip, id, version);
        }));
  r.add("POST", "/api/v1/assessments/{id}/review", "assessment:record:review",
        state_change(false, [](context& ctx, db::connection& c, std::int64_t id,
                               std::int64_t version, const std::string&) {
          return review(c, ctx.who(), ctx.req.remote_ip, id, version);
        }));
  r.add("POST", "/api/v1/assessments/{id}/return", "assessment:record:review",
        state_change(true, [](context& ctx, db::connection& c, std::int64_t id,
                              std::int64_t version, const std::string& reason) {
          return send_back(c, ctx.who(), ctx.req.remote_ip, id, version, reason);
        }));
}

}  // namespace ec::assessment
