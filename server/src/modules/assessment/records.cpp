#include "modules/assessment/records.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "core/timeutil.hpp"

namespace ec::assessment {
namespace {

namespace json = boost::json;

constexpr const char* k_select =
    "SELECT a.id, a.client_id, a.elder_id, e.name, a.community_id, o.name, a.state, a.reason, "
    "a.assessor1_id, a.assessor2_id, u1.display_name, u2.display_name, a.informant_name, "
    "a.informant_relation, a.place, a.assessed_on, a.dementia, a.other_mental_disorder, "
    "a.diagnoses, a.risk_events, a.comatose, a.answers, a.total, a.group_scores, "
    "a.preliminary_grade, a.final_grade, a.adjustments, a.submitted_by, a.submitted_at, "
    "a.reviewed_by, a.reviewed_at, ur.display_name, a.returned_by, a.returned_at, "
    "a.return_reason, a.supersedes_id, a.version, a.created_by, a.created_at, a.updated_by, "
    "a.updated_at FROM assessments a JOIN elders e ON e.id = a.elder_id "
    "JOIN org_units o ON o.id = a.community_id "
    "LEFT JOIN users u1 ON u1.id = a.assessor1_id LEFT JOIN users u2 ON u2.id = a.assessor2_id "
    "LEFT JOIN users ur ON ur.id = a.reviewed_by ";

std::map<std::string, int, std::less<>> scores_of(const std::string& text) {
  std::map<std::string, int, std::less<>> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, s] : v.as_object())
    if (s.is_int64()) out.emplace(std::string(k), static_cast<int>(s.as_int64()));
  return out;
}

std::string text_of(const std::map<std::string, int, std::less<>>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return json::serialize(o);
}

record from_row(const db::row& r) {
  record x;
  x.id = r.i64(0);
  x.client_id = r.str(1);
  x.elder_id = r.i64(2);
  x.elder_name = r.str(3);
  x.community_id = r.i64(4);
  x.community_name = r.str(5);
  x.state = r.str(6);
  x.form.reason = r.str(7);
  x.form.assessor1_id = r.opt_i64(8);
  x.form.assessor2_id = r.opt_i64(9);
  x.assessor1_name = r.str(10);
  x.assessor2_name = r.str(11);
  x.form.informant_name = r.str(12);
  x.form.informant_relation = r.str(13);
  x.form.place = r.str(14);
  x.form.assessed_on = r.str(15);
  x.form.dementia = r.i64(16) != 0;
  x.form.other_mental_disorder = r.i64(17) != 0;
  x.form.diagnoses = r.str(18);
  x.form.risk_events = scores_of(r.str(19));
  x.form.comatose = r.i64(20) != 0;
  x.form.answers = scores_of(r.str(21));
  x.total = r.opt_i64(22);
  x.group_scores = r.str(23);
  x.preliminary_grade = r.str(24);
  x.final_grade = r.str(25);
  x.adjustments = r.str(26);
  x.submitted_by = r.opt_i64(27);
  x.submitted_at = r.opt_i64(28);
  x.reviewed_by = r.opt_i64(29);
  x.reviewed_at = r.opt_i64(30);
  x.reviewed_by_name = r.str(31);
  x.returned_by = r.opt_i64(32);
  x.returned_at = r.opt_i64(33);
  x.return_reason = r.str(34);
  x.supersedes_id = r.opt_i64(35);
  x.version = r.i64(36);
  x.created_by = r.i64(37);
  x.created_at = r.i64(38);
  x.updated_by = r.i64(39);
  x.updated_at = r.i64(40);
  return x;
}

// The record if it is in the caller's scope. The scope columns are the elder's, copied onto
// the record (org_path, elder_id), read with the same rule as devices and alerts.
result<std::optional<record>> find(db::connection& c, const sys::principal& who,
                                   const std::string& where, db::params args) {
  auto scope = sys::device_scope_sql(who, "a", args);
  auto r = c.maybe_one(std::string(k_select) + "WHERE " + where + " AND " + scope, args);
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<record>();
  return std::optional<record>(from_row(**r));
}

error no_record() {
  return error::make(errc::not_found, "not_found", "No such assessment in your scope");
}

error stale() {
  return error::make(errc::conflict, "conflict.stale_version",
                     "The assessment was changed by someone else");
}

bool editable(const std::string& state) {
  return state == "draft" || state == "returned";
}

std::optional<std::int64_t> nz(const db::row& r, std::size_t i) {
  return r.opt_i64(i);
}

db::value flag(bool b) {
  return std::int64_t{b ? 1 : 0};
}

// Assessors must be existing users (their names show on the form and the print).
status check_assessors(db::connection& c, const form_input& in) {
  std::vector<field_error> errs;
  auto check = [&](const std::optional<std::int64_t>& id, const char* field) -> status {
    if (!id) return {};
    auto r = c.maybe_one("SELECT id FROM users WHERE id = ? AND active = 1", {*id});
    if (!r) return std::move(r).err();
    if (!*r) errs.push_back({field, "assessment.assessor_unknown", "is not an active user"});
    return {};
  };
  EC_TRY(check(in.assessor1_id, "assessor1_id"));
  EC_TRY(check(in.assessor2_id, "assessor2_id"));
  if (in.assessor1_id && in.assessor2_id && *in.assessor1_id == *in.assessor2_id)
    errs.push_back(
        {"assessor2_id", "assessment.assessors_same", "the two assessors must be two people"});
  if (!errs.empty()) return error::fields(std::move(errs));
  return {};
}

std::string elder_label(const record& r) {
  return r.elder_name;
}

// Changed answers as {"answers.eating": [old, new]} plus the other fields that differ.
json::object diff(const form_input& a, const form_input& b) {
  json::object ch;
  auto val = [](const std::map<std::string, int, std::less<>>& m,
                const std::string& k) -> json::value {
    auto it = m.find(k);
    if (it == m.end()) return nullptr;
    return it->second;
  };
  auto keys = [](const auto& m1, const auto& m2) {
    std::vector<std::string> ks;
    for (const auto& [k, v] : m1) ks.push_back(k);
    for (const auto& [k, v] : m2)
      if (!m1.contains(k)) ks.push_back(k);
    return ks;
  };
  for (const auto& k : keys(a.answers, b.answers))
    if (val(a.answers, k) != val(b.answers, k))
      ch["answers." + k] = json::array{val(a.answers, k), val(b.answers, k)};
  for (const auto& k : keys(a.risk_events, b.risk_events))
    if (val(a.risk_events, k) != val(b.risk_events, k))
      ch["risk_events." + k] = json::array{val(a.risk_events, k), val(b.risk_events, k)};
  auto s = [&](const char* f, const std::string& x, const std::string& y) {
    if (x != y) ch[f] = json::array{json::string(x), json::string(y)};
  };
  auto o = [&](const char* f, const std::optional<std::int64_t>& x,
               const std::optional<std::int64_t>& y) {
    if (x != y)
      ch[f] = json::array{x ? json::value(*x) : json::value(nullptr),
                          y ? json::value(*y) : json::value(nullptr)};
  };
  auto bo = [&](const char* f, bool x, bool y) {
    if (x != y) ch[f] = json::array{x, y};
  };
  s("reason", a.reason, b.reason);
  o("assessor1_id", a.assessor1_id, b.assessor1_id);
  o("assessor2_id", a.assessor2_id, b.assessor2_id);
  s("informant_name", a.informant_name, b.informant_name);
  s("informant_relation", a.informant_relation, b.informant_relation);
  s("place", a.place, b.place);
  s("assessed_on", a.assessed_on, b.assessed_on);
  s("diagnoses", a.diagnoses, b.diagnoses);
  bo("dementia", a.dementia, b.dementia);
  bo("other_mental_disorder", a.other_mental_disorder, b.other_mental_disorder);
  bo("comatose", a.comatose, b.comatose);
  return ch;
}

input evaluation_input(const form_input& f) {
  input in;
  in.answers = f.answers;
  in.dementia = f.dementia;
  in.other_mental_disorder = f.other_mental_disorder;
  in.comatose = f.comatose;
  for (const auto& e : risk_events())
    if (auto it = f.risk_events.find(e.code); it != f.risk_events.end())
      in.risk_event_counts[static_cast<int>(e.id)] = it->second;
  return in;
}

// A submitted record's reviewer: holds the permission (the route checks) and is neither
// assessor nor the submitter.
status check_reviewer(const sys::principal& who, const record& r) {
  auto same = [&](const std::optional<std::int64_t>& id) { return id && *id == who.user_id; };
  if (same(r.form.assessor1_id) || same(r.form.assessor2_id) || same(r.submitted_by))
    return error::make(errc::forbidden, "assessment.reviewer_is_assessor",
                       "An assessor or the submitter may not review the assessment");
  if (r.state != "submitted")
    return error::make(errc::conflict, "assessment.not_submitted",
                       "Only a submitted assessment is reviewed or returned");
  return {};
}

}  // namespace

result<record> get(db::connection& c, const sys::principal& who, std::int64_t id) {
  auto r = find(c, who, "a.id = ?", {id});
  if (!r) return std::move(r).err();
  if (!*r) return no_record();
  return std::move(**r);
}

std::string due_date(std::int64_t reviewed_at_ms) {
  return timeutil::format_date(timeutil::add_years(timeutil::to_shanghai_date(reviewed_at_ms), 1));
}

result<elder_history> for_elder(db::connection& c, const sys::principal& who,
                                std::int64_t elder_id) {
  db::params eargs{elder_id};
  auto escope = sys::elder_scope_sql(who, "e", eargs);
  auto e = c.maybe_one("SELECT e.id FROM elders e WHERE e.id = ? AND " + escope, eargs);
  if (!e) return std::move(e).err();
  if (!*e) return error::make(errc::not_found, "not_found", "No such elder in your scope");
  db::params args{elder_id};
  auto scope = sys::device_scope_sql(who, "a", args);
  auto rows = c.query(std::string(k_select) + "WHERE a.elder_id = ? AND " + scope +
                          " ORDER BY a.created_at DESC, a.id DESC",
                      args);
  if (!rows) return std::move(rows).err();
  elder_history h;
  bool open_immediate = false;
  for (const auto& r : *rows) {
    auto x = from_row(r);
    if (x.state == "reviewed" &&
        (!h.current || x.reviewed_at.value_or(0) > h.current->reviewed_at.value_or(0)))
      h.current = x;
    if (x.form.reason == "immediate" &&
        (x.state == "draft" || x.state == "submitted" || x.state == "returned"))
      open_immediate = true;
    h.items.push_back(std::move(x));
  }
  if (h.current) {
    h.due_on = due_date(*h.current->reviewed_at);
    h.due = open_immediate || *h.due_on <= timeutil::format_date(timeutil::today_shanghai());
  }
  return h;
}

result<created_record> create(db::connection& c, const sys::principal& who, const std::string& ip,
                              std::int64_t elder_id, const std::string& client_id,
                              std::optional<std::int64_t> supersedes_id, const form_input& in) {
  // A retry of a create already stored: the stored record, nothing written.
  auto existing = find(c, who, "a.client_id = ?", {client_id});
  if (!existing) return std::move(existing).err();
  if (*existing) {
    if ((*existing)->elder_id != elder_id)
      return error::invalid("assessment.client_id_taken", "client_id",
                            "belongs to another elder's assessment");
    return created_record{std::move(**existing), false};
  }
  db::params eargs{elder_id};
  auto escope = sys::elder_scope_sql(who, "e", eargs);
  auto e = c.maybe_one(
      "SELECT e.community_id, e.org_path, e.name, e.status FROM elders e WHERE e.id = ? AND " +
          escope,
      eargs);
  if (!e) return std::move(e).err();
  if (!*e) {
    auto err = error::make(errc::not_found, "not_found", "No such elder in your scope");
    err.field = "elder_id";
    return err;
  }
  if ((*e)->str(3) != "active")
    return error::invalid("assessment.elder_left", "elder_id",
                          "the elder has left the registry; only active elders are assessed");
  if (supersedes_id) {
    auto old = find(c, who, "a.id = ?", {*supersedes_id});
    if (!old) return std::move(old).err();
    if (!*old || (*old)->elder_id != elder_id || (*old)->state != "reviewed")
      return error::invalid("assessment.supersedes_invalid", "supersedes_id",
                            "must be a reviewed assessment of the same elder");
  }
  EC_TRY(check_assessors(c, in));
  auto elder_name = (*e)->str(2);
  auto id = db::in_transaction(c, [&]() -> result<std::int64_t> {
    auto now = timeutil::now_unix_ms();
    auto ins = c.query(
        "INSERT INTO assessments (client_id, elder_id, community_id, org_path, reason, "
        "assessor1_id, assessor2_id, informant_name, informant_relation, place, assessed_on, "
        "dementia, other_mental_disorder, diagnoses, risk_events, comatose, answers, "
        "supersedes_id, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {client_id,
         elder_id,
         (*e)->i64(0),
         (*e)->str(1),
         in.reason,
         db::opt(in.assessor1_id),
         db::opt(in.assessor2_id),
         in.informant_name,
         in.informant_relation,
         in.place,
         in.assessed_on,
         flag(in.dementia),
         flag(in.other_mental_disorder),
         in.diagnoses,
         text_of(in.risk_events),
         flag(in.comatose),
         text_of(in.answers),
         db::opt(supersedes_id),
         who.user_id,
         now,
         who.user_id,
         now});
    if (!ins) {
      if (ins.err().kind == errc::conflict)
        return error::make(errc::conflict, "assessment.client_id_taken",
                           "Another assessment has this client id");
      return std::move(ins).err();
    }
    auto nid = ins->front().i64(0);
    json::object ch;
    ch["elder_id"] = json::array{nullptr, elder_id};
    ch["reason"] = json::array{nullptr, json::string(in.reason)};
    if (supersedes_id) ch["supersedes_id"] = json::array{nullptr, *supersedes_id};
    EC_TRY(sys::audit(c, &who, ip,
                      {"create",
                       "assessment",
                       std::to_string(nid),
                       {"created an ability assessment draft for " + elder_name,
                        "新建 " + elder_name + " 的能力评估草稿"},
                       ch}));
    return nid;
  });
  if (!id) return std::move(id).err();
  auto rec = get(c, who, *id);
  if (!rec) return std::move(rec).err();
  return created_record{std::move(*rec), true};
}

result<record> update(db::connection& c, const sys::principal& who, const std::string& ip,
                      std::int64_t id, std::int64_t version, const form_input& in) {
  auto cur = get(c, who, id);
  if (!cur) return cur;
  if (!editable(cur->state))
    return error::make(errc::conflict, "assessment.not_editable",
                       "Only a draft or returned assessment is edited");
  EC_TRY(check_assessors(c, in));
  auto st = db::in_transaction(c, [&]() -> status {
    auto up = c.exec(
        "UPDATE assessments SET reason = ?, assessor1_id = ?, assessor2_id = ?, "
        "informant_name = ?, informant_relation = ?, place = ?, assessed_on = ?, dementia = ?, "
        "other_mental_disorder = ?, diagnoses = ?, risk_events = ?, comatose = ?, answers = ?, "
        "version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ? "
        "AND state IN ('draft', 'returned')",
        {in.reason, db::opt(in.assessor1_id), db::opt(in.assessor2_id), in.informant_name,
         in.informant_relation, in.place, in.assessed_on, flag(in.dementia),
         flag(in.other_mental_disorder), in.diagnoses, text_of(in.risk_events), flag(in.comatose),
         text_of(in.answers), who.user_id, timeutil::now_unix_ms(), id, version});
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
    return sys::audit(c, &who, ip,
                      {"update",
                       "assessment",
                       std::to_string(id),
                       {"updated the ability assessment of " + elder_label(*cur),
                        "修改 " + elder_label(*cur) + " 的能力评估"},
                       diff(cur->form, in)});
  });
  if (!st) return std::move(st).err();
  return get(c, who, id);
}

result<record> submit(db::connection& c, const sys::principal& who, const std::string& ip,
                      std::int64_t id, std::int64_t version) {
  auto cur = get(c, who, id);
  if (!cur) return cur;
  if (!editable(cur->state))
    return error::make(errc::conflict, "assessment.not_editable",
                       "Only a draft or returned assessment is submitted");
  if (cur->version != version) return stale();
  const auto& f = cur->form;
  std::vector<field_error> errs;
  auto need = [&](bool ok, const char* field) {
    if (!ok) errs.push_back({field, "assessment.required_to_submit", "is required to submit"});
  };
  need(f.assessor1_id.has_value(), "assessor1_id");
  need(f.assessor2_id.has_value(), "assessor2_id");
  need(!f.informant_name.empty(), "informant_name");
  need(!f.informant_relation.empty(), "informant_relation");
  need(!f.place.empty(), "place");
  need(!f.assessed_on.empty(), "assessed_on");
  auto out = evaluate(evaluation_input(f));
  if (!out)
    for (auto& d : out.err().details) errs.push_back(std::move(d));
  if (!errs.empty()) return error::fields(std::move(errs));
  json::object groups_o;
  for (const auto& g : groups()) groups_o[g.code] = out->group_scores[static_cast<int>(g.id)];
  json::array adj;
  for (auto a : out->applied) adj.emplace_back(adjustment_code(a));
  auto prelim = std::string(grade_of(out->preliminary).code);
  auto fin = std::string(grade_of(out->final_grade).code);
  auto st = db::in_transaction(c, [&]() -> status {
    auto now = timeutil::now_unix_ms();
    auto up = c.exec(
        "UPDATE assessments SET state = 'submitted', total = ?, group_scores = ?, "
        "preliminary_grade = ?, final_grade = ?, adjustments = ?, submitted_by = ?, "
        "submitted_at = ?, version = version + 1, updated_by = ?, updated_at = ? "
        "WHERE id = ? AND version = ? AND state IN ('draft', 'returned')",
        {std::int64_t{out->total}, json::serialize(groups_o), prelim, fin, json::serialize(adj),
         who.user_id, now, who.user_id, now, id, version});
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
    json::object ch;
    ch["state"] = json::array{json::string(cur->state), "submitted"};
    ch["total"] = json::array{nullptr, out->total};
    ch["final_grade"] = json::array{nullptr, json::string(fin)};
    return sys::audit(c, &who, ip,
                      {"submit",
                       "assessment",
                       std::to_string(id),
                       {"submitted the ability assessment of " + elder_label(*cur) + " (" +
                            std::to_string(out->total) + " points, " + fin + ")",
                        "提交 " + elder_label(*cur) + " 的能力评估（" + std::to_string(out->total) +
                            "分，" + std::string(grade_of(out->final_grade).short_zh) + "）"},
                       ch});
  });
  if (!st) return std::move(st).err();
  return get(c, who, id);
}

namespace {

// A reviewer's decision on a submitted record: who may decide is checked, then `write(cur, now)`
// changes and audits it in one transaction, and the record is read back.
template <class Write>
result<record> decide(db::connection& c, const sys::principal& who, std::int64_t id,
                      Write&& write) {
  auto cur = get(c, who, id);
  if (!cur) return cur;
  EC_TRY(check_reviewer(who, *cur));
  auto st = db::in_transaction(c, [&]() -> status { return write(*cur, timeutil::now_unix_ms()); });
  if (!st) return std::move(st).err();
  return get(c, who, id);
}

}  // namespace

result<record> review(db::connection& c, const sys::principal& who, const std::string& ip,
                      std::int64_t id, std::int64_t version) {
  return decide(c, who, id, [&](const record& cur, std::int64_t now) -> status {
    auto up = c.exec(
        "UPDATE assessments SET state = 'reviewed', reviewed_by = ?, reviewed_at = ?, "
        "version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ? "
        "AND state = 'submitted'",
        {who.user_id, now, who.user_id, now, id, version});
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
    json::object ch;
    ch["state"] = json::array{"submitted", "reviewed"};
    if (cur.supersedes_id) {
      auto old = c.exec(
          "UPDATE assessments SET state = 'superseded', version = version + 1, updated_by = ?, "
          "updated_at = ? WHERE id = ? AND state = 'reviewed'",
          {who.user_id, now, *cur.supersedes_id});
      if (!old) return std::move(old).err();
      if (*old == 1) ch["superseded_id"] = json::array{nullptr, *cur.supersedes_id};
    }
    return sys::audit(c, &who, ip,
                      {"review",
                       "assessment",
                       std::to_string(id),
                       {"approved the ability assessment of " + elder_label(cur),
                        "审核通过 " + elder_label(cur) + " 的能力评估"},
                       ch});
  });
}

result<record> send_back(db::connection& c, const sys::principal& who, const std::string& ip,
                         std::int64_t id, std::int64_t version, const std::string& reason) {
  return decide(c, who, id, [&](const record& cur, std::int64_t now) -> status {
    auto up = c.exec(
        "UPDATE assessments SET state = 'returned', returned_by = ?, returned_at = ?, "
        "return_reason = ?, version = version + 1, updated_by = ?, updated_at = ? "
        "WHERE id = ? AND version = ? AND state = 'submitted'",
        {who.user_id, now, reason, who.user_id, now, id, version});
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
    json::object ch;
    ch["state"] = json::array{"submitted", "returned"};
    ch["return_reason"] = json::array{nullptr, json::string(reason)};
    return sys::audit(c, &who, ip,
                      {"return",
                       "assessment",
                       std::to_string(id),
                       {"returned the ability assessment of " + elder_label(cur),
                        "退回 " + elder_label(cur) + " 的能力评估"},
                       ch});
  });
}

result<std::pair<std::vector<due_row>, std::int64_t>> due_list(
    db::connection& c, const sys::principal& who, std::optional<std::int64_t> community_id,
    std::int64_t page, std::int64_t size) {
  // Reviewed before the start of the day after (today − 1 year): due today or earlier.
  auto cutoff =
      timeutil::shanghai_midnight_ms(timeutil::add_years(timeutil::today_shanghai(), -1)) +
      24LL * 3600 * 1000;
  // The elder's latest reviewed record (r), and whether an 即时 assessment is open.
  const std::string from =
      " FROM elders e JOIN org_units o ON o.id = e.community_id "
      "LEFT JOIN assessments r ON r.id = (SELECT x.id FROM assessments x WHERE "
      "x.elder_id = e.id AND x.state = 'reviewed' ORDER BY x.reviewed_at DESC, x.id DESC "
      "LIMIT 1) ";
  const std::string open_immediate =
      "EXISTS (SELECT 1 FROM assessments i WHERE i.elder_id = e.id AND i.reason = 'immediate' "
      "AND i.state IN ('draft', 'submitted', 'returned'))";
  db::params args;
  std::string where = "e.status = 'active' AND " + sys::elder_scope_sql(who, "e", args);
  if (community_id) {
    where += " AND e.community_id = ?";
    args.emplace_back(*community_id);
  }
  where += " AND (r.id IS NULL OR r.reviewed_at < ? OR " + open_immediate + ")";
  args.emplace_back(cutoff);
  auto count = c.maybe_one("SELECT COUNT(*)" + from + "WHERE " + where, args);
  if (!count) return std::move(count).err();
  auto total = (*count) ? (**count).i64(0) : 0;
  auto page_args = args;
  page_args.emplace_back(size);
  page_args.emplace_back((page - 1) * size);
  auto rows = c.query(
      "SELECT e.id, e.name, e.community_id, o.name, r.id, r.final_grade, "
      "r.reviewed_at, CASE WHEN " +
          open_immediate + " THEN 1 ELSE 0 END" + from + "WHERE " + where +
          " ORDER BY e.id LIMIT ? OFFSET ?",
      page_args);
  if (!rows) return std::move(rows).err();
  std::vector<due_row> out;
  for (const auto& r : *rows) {
    due_row d{r.i64(0), r.str(1), r.i64(2), r.str(3), nz(r, 4), r.str(5), {}, "never"};
    if (auto at = r.opt_i64(6)) {
      d.due_on = due_date(*at);
      d.why = "expired";
    }
    if (r.i64(7) != 0) d.why = "immediate";
    out.push_back(std::move(d));
  }
  return std::pair{std::move(out), total};
}

result<std::vector<assessor>> assessors(db::connection& c, const sys::principal& who) {
  db::params args;
  auto scope = sys::org_write_scope_sql(who, "o", args);
  auto rows = c.query(
      "SELECT u.id, u.display_name, o.name FROM users u JOIN org_units o ON o.id = u.org_unit_id "
      "WHERE u.active = 1 AND " +
          scope + " ORDER BY o.path, u.display_name, u.id LIMIT 500",
      args);
  if (!rows) return std::move(rows).err();
  std::vector<assessor> out;
  for (const auto& r : *rows) out.push_back({r.i64(0), r.str(1), r.str(2)});
  return out;
}

boost::json::object record_json(const record& r) {
  auto opt = [](const std::optional<std::int64_t>& v) -> json::value {
    if (v) return *v;
    return nullptr;
  };
  auto parsed = [](const std::string& text) -> json::value {
    if (text.empty()) return nullptr;
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec) return nullptr;
    return v;
  };
  auto time = [](const std::optional<std::int64_t>& v) -> json::value {
    if (v) return json::string(timeutil::iso8601_shanghai(*v));
    return nullptr;
  };
  auto person = [&](const std::optional<std::int64_t>& id, const std::string& name) -> json::value {
    if (!id) return nullptr;
    return json::object{{"id", *id}, {"name", name}};
  };
  json::object answers, risks;
  for (const auto& [k, v] : r.form.answers) answers[k] = v;
  for (const auto& e : risk_events()) {
    auto it = r.form.risk_events.find(e.code);
    risks[e.code] = it == r.form.risk_events.end() ? 0 : it->second;
  }
  auto grade_or_null = [](const std::string& g) -> json::value {
    if (g.empty()) return nullptr;
    return json::string(g);
  };
  return {{"id", r.id},
          {"client_id", r.client_id},
          {"elder", json::object{{"id", r.elder_id}, {"name", r.elder_name}}},
          {"community", json::object{{"id", r.community_id}, {"name", r.community_name}}},
          {"state", r.state},
          {"reason", r.form.reason},
          {"assessor1", person(r.form.assessor1_id, r.assessor1_name)},
          {"assessor2", person(r.form.assessor2_id, r.assessor2_name)},
          {"informant_name", r.form.informant_name},
          {"informant_relation", r.form.informant_relation},
          {"place", r.form.place},
          {"assessed_on", r.form.assessed_on},
          {"dementia", r.form.dementia},
          {"other_mental_disorder", r.form.other_mental_disorder},
          {"diagnoses", r.form.diagnoses},
          {"risk_events", std::move(risks)},
          {"comatose", r.form.comatose},
          {"answers", std::move(answers)},
          {"total", opt(r.total)},
          {"group_scores", parsed(r.group_scores)},
          {"preliminary_grade", grade_or_null(r.preliminary_grade)},
          {"final_grade", grade_or_null(r.final_grade)},
          {"adjustments", r.adjustments.empty() ? json::value(nullptr) : parsed(r.adjustments)},
          {"submitted_by", opt(r.submitted_by)},
          {"submitted_at", time(r.submitted_at)},
          {"reviewer", person(r.reviewed_by, r.reviewed_by_name)},
          {"reviewed_at", time(r.reviewed_at)},
          {"returned_at", time(r.returned_at)},
          {"return_reason", r.return_reason},
          {"supersedes_id", opt(r.supersedes_id)},
          {"due_on", r.reviewed_at && r.state == "reviewed" ? json::value(due_date(*r.reviewed_at))
                                                            : json::value(nullptr)},
          {"version", r.version},
          {"created_at", time(r.created_at)},
          {"updated_at", time(r.updated_at)}};
}

}  // namespace ec::assessment
