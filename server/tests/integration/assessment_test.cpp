// Ability assessment records (能力评估, modules/assessment) against the real server on SQLite
// and PostgreSQL: the form definition, a draft sent twice stored once, the state machine
// (draft → submitted → returned → submitted → reviewed), submit's checks naming the item,
// review by an assessor or the submitter refused, a correction superseding a reviewed record,
// the elder's current grade and due date, the due list, scope (another community: 404) and
// permissions per role (403), and the audit trail.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::backend_name;
using it::client;

class Assessment : public it::shared_server_test<Assessment, 150> {
 protected:
  // A fresh client id (a UUID as the browser makes one).
  static std::string uuid() {
    static int n = 0;
    return fmt::format("8d3c1f7e-0000-4000-8000-{:012}", ++n);
  }

  static std::int64_t user_id(client& c) {
    auto me = c.get("/api/v1/me");
    EXPECT_EQ(me.status, 200) << me.body;
    return me.json().at("id").as_int64();
  }

  // A new elder of 官庄社区 (each test its own, so the demo's assessments do not interfere).
  json::object gz_elder(int n) {
    auto admin = signed_in("admin");
    auto units = admin.get("/api/v1/org-units").json();
    std::int64_t unit = 0;
    for (const auto& u : units.at("items").as_array())
      if (u.at("name").as_string() == "官庄社区") unit = u.at("id").as_int64();
    static int seq = 0;
    auto r = signed_in("guanzhuang")
                 .post("/api/v1/elders",
                       json::object{{"name", "评估测试" + std::to_string(n)},
                                    {"id_number", it::make_id(1946, 5, 1 + n, 100 + ++seq)},
                                    {"living_status", "alone"},
                                    {"categories", json::array{}},
                                    {"org_unit_id", unit},
                                    {"address", "官庄社区2号楼1单元101"},
                                    {"contacts", json::array{}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }

  // Every item answered with `pick(max score)`, from the served catalogue.
  json::object answers(client& c, int (*pick)(int max)) {
    auto cat = c.get("/api/v1/assessment/catalog");
    EXPECT_EQ(cat.status, 200) << cat.body;
    auto body = cat.json();
    json::object out;
    for (const auto& g : body.at("groups").as_array())
      for (const auto& i : g.at("items").as_array())
        out[i.at("code").as_string()] = pick(static_cast<int>(i.at("max_score").as_int64()));
    return out;
  }

  // A complete form by two assessors (guanzhuang and worker, both of 官庄社区).
  json::object form(json::object ans, std::int64_t a1, std::int64_t a2) {
    return {{"reason", "first"},
            {"assessor1_id", a1},
            {"assessor2_id", a2},
            {"informant_name", "王秀兰"},
            {"informant_relation", "child"},
            {"place", "老人家中"},
            {"assessed_on", "2026-11-30"},
            {"risk_events", json::object{{"fall", 0}}},
            {"answers", std::move(ans)}};
  }

  static std::string url(std::int64_t id, const char* tail = "") {
    return "/api/v1/assessments/" + std::to_string(id) + tail;
  }
  static json::object ver(const json::value& rec) {
    return {{"version", rec.at("version").as_int64()}};
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Assessment, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Assessment, TheDemoAssessesElderAsTheyAre) {
  // Disabled (失能) demo elders of 官庄社区 that have a current grade are graded impaired.
  auto gz = signed_in("guanzhuang");
  auto list = gz.get("/api/v1/elders?size=50&category=disabled");
  ASSERT_EQ(list.status, 200) << list.body;
  auto body = list.json();
  int graded = 0;
  for (const auto& e : body.at("items").as_array()) {
    auto h = gz.get("/api/v1/elders/" + std::to_string(e.at("id").as_int64()) + "/assessments");
    ASSERT_EQ(h.status, 200) << h.body;
    auto hist = h.json();
    if (hist.at("current").is_null()) continue;
    ++graded;
    auto g = hist.at("current").at("final_grade");
    EXPECT_TRUE(g == "severe" || g == "complete" || g == "moderate") << hist;
  }
  EXPECT_GT(graded, 0) << body;
  // Some are awaiting review and some are due.
  auto due = gz.get("/api/v1/assessments/due?size=1");
  ASSERT_EQ(due.status, 200) << due.body;
  EXPECT_GT(due.json().at("total").as_int64(), 0);
}

TEST_P(Assessment, TheCatalogueIsTheForm) {
  auto c = signed_in("guanzhuang");
  auto r = c.get("/api/v1/assessment/catalog");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = r.json();
  EXPECT_EQ(body.at("max_total").as_int64(), 90);
  auto groups = body.at("groups").as_array();
  ASSERT_EQ(groups.size(), 4u);
  std::size_t items = 0;
  for (const auto& g : groups) items += g.at("items").as_array().size();
  EXPECT_EQ(items, 26u);
  auto eating = groups.at(0).at("items").at(0);
  EXPECT_EQ(eating.at("code"), "eating");
  EXPECT_EQ(eating.at("name_zh"), "进食");
  EXPECT_EQ(eating.at("options").at(0).at("score").as_int64(), 4);
  EXPECT_EQ(eating.at("options").at(0).at("text_zh"), "独立使用器具将食物送进口中并咽下，没有呛咳");
  EXPECT_EQ(body.at("grades").as_array().size(), 5u);
  EXPECT_EQ(body.at("reasons").at(2).at("code"), "immediate");
  EXPECT_EQ(body.at("risk_events").as_array().size(), 5u);
  EXPECT_EQ(signed_in("auditor").get("/api/v1/assessment/catalog").status, 200);
  for (const auto* user : {"kitchen", "family", "worker", "provider"})
    EXPECT_EQ(signed_in(user).get("/api/v1/assessment/catalog").status, 403) << user;
}

TEST_P(Assessment, ADraftSentTwiceIsStoredOnce) {
  auto c = signed_in("guanzhuang");
  auto elder = gz_elder(0);
  auto eid = elder.at("id").as_int64();
  auto cid = uuid();
  json::object draft{{"client_id", cid},
                     {"elder_id", eid},
                     {"reason", "first"},
                     {"answers", json::object{{"eating", 3}}}};
  auto first = c.post("/api/v1/assessments", draft);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("state"), "draft");
  EXPECT_EQ(first.json().at("answers").at("eating").as_int64(), 3);
  EXPECT_TRUE(first.json().at("total").is_null());
  auto again = c.post("/api/v1/assessments", draft);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("id"), first.json().at("id"));
  auto list = c.get("/api/v1/elders/" + std::to_string(eid) + "/assessments");
  ASSERT_EQ(list.status, 200) << list.body;
  auto body = list.json();
  std::size_t with_cid = 0;
  for (const auto& a : body.at("items").as_array())
    if (a.at("client_id").as_string() == cid) ++with_cid;
  EXPECT_EQ(with_cid, 1u);
  // The same client id for another elder is refused, naming the field.
  draft["elder_id"] = gz_elder(1).at("id").as_int64();
  auto other = c.post("/api/v1/assessments", draft);
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(other.json().at("error").at("field"), "client_id");
  // Malformed input: every bad field named.
  auto bad = c.post("/api/v1/assessments",
                    json::object{{"client_id", "not-a-uuid"},
                                 {"elder_id", eid},
                                 {"reason", "whim"},
                                 {"answers", json::object{{"eating", 5}, {"flying", 1}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto s = bad.body;
  for (const auto* f : {"client_id", "reason", "answers.eating", "answers.flying"})
    EXPECT_NE(s.find(std::string("\"") + f + "\""), std::string::npos) << f << " in " << s;
}

TEST_P(Assessment, FromDraftThroughReturnToReview) {
  auto gz = signed_in("guanzhuang");
  auto worker = signed_in("worker");
  auto admin = signed_in("admin");
  auto gz_id = user_id(gz), worker_id = user_id(worker);
  auto elder = gz_elder(2);
  auto eid = elder.at("id").as_int64();

  auto all4 = answers(gz, [](int m) { return m; });
  auto partial = all4;
  partial.erase("memory");
  auto f = form(partial, gz_id, worker_id);
  f["client_id"] = uuid();
  f["elder_id"] = eid;
  auto c = gz.post("/api/v1/assessments", f);
  ASSERT_EQ(c.status, 201) << c.body;
  auto rec = c.json();
  auto id = rec.at("id").as_int64();
  EXPECT_EQ(rec.at("assessor2").at("id").as_int64(), worker_id);
  EXPECT_EQ(rec.at("assessor2").at("name"), "服务人员 刘芳");

  // The people who may sign: guanzhuang's unit and below, not another community's staff.
  auto people = gz.get("/api/v1/assessment/assessors");
  ASSERT_EQ(people.status, 200) << people.body;
  auto pb = people.json();
  bool has_worker = false, has_taisun = false;
  for (const auto& p : pb.at("items").as_array()) {
    has_worker = has_worker || p.at("id").as_int64() == worker_id;
    has_taisun = has_taisun || p.at("name") == "台孙村 孙建华";
  }
  EXPECT_TRUE(has_worker) << people.body;
  EXPECT_FALSE(has_taisun) << people.body;

  // Submit checks the whole form and names the missing item, in Chinese too.
  auto s1 = gz.request("POST", url(id, "/submit"), json::serialize(ver(rec)), "application/json",
                       {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(s1.status, 422) << s1.body;
  EXPECT_EQ(s1.json().at("error").at("field"), "answers.memory") << s1.body;
  EXPECT_NE(s1.body.find("记忆"), std::string::npos) << s1.body;

  // Two assessors must be two people.
  auto same = form(all4, gz_id, gz_id);
  same["version"] = rec.at("version");
  auto sp = gz.put(url(id), same);
  EXPECT_EQ(sp.status, 422) << sp.body;
  EXPECT_EQ(sp.json().at("error").at("field"), "assessor2_id");

  // Complete it and submit: scores and grade stored.
  auto full = form(all4, gz_id, worker_id);
  full["version"] = rec.at("version");
  auto u = gz.put(url(id), full);
  ASSERT_EQ(u.status, 200) << u.body;
  rec = u.json();
  auto stale = gz.put(url(id), full);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json().at("error").at("code"), "conflict.stale_version");
  auto s2 = gz.post(url(id, "/submit"), ver(rec));
  ASSERT_EQ(s2.status, 200) << s2.body;
  rec = s2.json();
  EXPECT_EQ(rec.at("state"), "submitted");
  EXPECT_EQ(rec.at("total").as_int64(), 90);
  EXPECT_EQ(rec.at("final_grade"), "intact");
  EXPECT_EQ(rec.at("group_scores").at("self_care").as_int64(), 32);

  // A submitted record is not edited; community staff may not review.
  full["version"] = rec.at("version");
  auto locked = gz.put(url(id), full);
  EXPECT_EQ(locked.status, 409);
  EXPECT_EQ(locked.json().at("error").at("code"), "assessment.not_editable");
  EXPECT_EQ(gz.post(url(id, "/review"), ver(rec)).status, 403);

  // Returned with a reason (required), edited and submitted again.
  auto no_reason = admin.post(url(id, "/return"), ver(rec));
  EXPECT_EQ(no_reason.status, 422);
  auto back = admin.post(url(id, "/return"),
                         json::object{{"version", rec.at("version")}, {"reason", "日期有误"}});
  ASSERT_EQ(back.status, 200) << back.body;
  rec = back.json();
  EXPECT_EQ(rec.at("state"), "returned");
  EXPECT_EQ(rec.at("return_reason"), "日期有误");
  full["version"] = rec.at("version");
  full["assessed_on"] = "2026-12-01";
  full["dementia"] = true;  // one grade worse (C.4)
  auto u2 = gz.put(url(id), full);
  ASSERT_EQ(u2.status, 200) << u2.body;
  auto s3 = gz.post(url(id, "/submit"), ver(u2.json()));
  ASSERT_EQ(s3.status, 200) << s3.body;
  rec = s3.json();
  EXPECT_EQ(rec.at("preliminary_grade"), "intact");
  EXPECT_EQ(rec.at("final_grade"), "mild");
  EXPECT_EQ(rec.at("adjustments").at(0), "diagnosis");

  auto ok = admin.post(url(id, "/review"), ver(rec));
  ASSERT_EQ(ok.status, 200) << ok.body;
  rec = ok.json();
  EXPECT_EQ(rec.at("state"), "reviewed");
  EXPECT_EQ(rec.at("reviewer").at("id").as_int64(), user_id(admin));
  EXPECT_FALSE(rec.at("due_on").is_null());
  // Reviewed: never edited again, not submitted nor reviewed twice.
  full["version"] = rec.at("version");
  EXPECT_EQ(gz.put(url(id), full).status, 409);
  EXPECT_EQ(gz.post(url(id, "/submit"), ver(rec)).status, 409);
  EXPECT_EQ(admin.post(url(id, "/review"), ver(rec)).status, 409);

  // The elder's current grade and reassessment date.
  auto h = gz.get("/api/v1/elders/" + std::to_string(eid) + "/assessments");
  ASSERT_EQ(h.status, 200) << h.body;
  auto hist = h.json();
  EXPECT_EQ(hist.at("current").at("id").as_int64(), id);
  EXPECT_EQ(hist.at("current").at("final_grade"), "mild");
  EXPECT_EQ(hist.at("due_on"), rec.at("due_on"));
  EXPECT_EQ(hist.at("due"), false);

  // Every write is in the audit log.
  auto a = admin.get("/api/v1/audit?entity=assessment&entity_id=" + std::to_string(id));
  ASSERT_EQ(a.status, 200) << a.body;
  auto entries = a.json().at("items").as_array();
  std::vector<std::string> actions;
  for (const auto& e : entries) actions.emplace_back(e.at("action").as_string());
  std::vector<std::string> expected = {"review", "submit", "update", "return",
                                       "submit", "update", "create"};
  EXPECT_EQ(actions, expected) << a.body;
}

TEST_P(Assessment, AnAssessorOrTheSubmitterDoesNotReview) {
  auto gz = signed_in("guanzhuang");
  auto admin = signed_in("admin");
  auto worker = signed_in("worker");
  auto gz_id = user_id(gz), admin_id = user_id(admin), worker_id = user_id(worker);
  auto eid = gz_elder(3).at("id").as_int64();
  auto all = answers(gz, [](int m) { return m; });

  // admin is an assessor.
  auto f = form(all, admin_id, gz_id);
  f["client_id"] = uuid();
  f["elder_id"] = eid;
  auto c = gz.post("/api/v1/assessments", f);
  ASSERT_EQ(c.status, 201) << c.body;
  auto s = gz.post(url(c.json().at("id").as_int64(), "/submit"), ver(c.json()));
  ASSERT_EQ(s.status, 200) << s.body;
  auto r = admin.post(url(s.json().at("id").as_int64(), "/review"), ver(s.json()));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "assessment.reviewer_is_assessor");
  auto back = admin.post(url(s.json().at("id").as_int64(), "/return"),
                         json::object{{"version", s.json().at("version")}, {"reason", "x"}});
  EXPECT_EQ(back.status, 403) << back.body;

  // admin submitted it (not an assessor).
  auto f2 = form(all, gz_id, worker_id);
  f2["client_id"] = uuid();
  f2["elder_id"] = eid;
  auto c2 = admin.post("/api/v1/assessments", f2);
  ASSERT_EQ(c2.status, 201) << c2.body;
  auto s2 = admin.post(url(c2.json().at("id").as_int64(), "/submit"), ver(c2.json()));
  ASSERT_EQ(s2.status, 200) << s2.body;
  auto r2 = admin.post(url(s2.json().at("id").as_int64(), "/review"), ver(s2.json()));
  EXPECT_EQ(r2.status, 403) << r2.body;
  EXPECT_EQ(r2.json().at("error").at("code"), "assessment.reviewer_is_assessor");
  // Nothing became current.
  auto h = gz.get("/api/v1/elders/" + std::to_string(eid) + "/assessments");
  EXPECT_TRUE(h.json().at("current").is_null()) << h.body;
  EXPECT_EQ(h.json().at("due"), true);
}

TEST_P(Assessment, ACorrectionSupersedesTheReviewedRecord) {
  auto gz = signed_in("guanzhuang");
  auto worker = signed_in("worker");
  auto admin = signed_in("admin");
  auto gz_id = user_id(gz), worker_id = user_id(worker);
  auto eid = gz_elder(4).at("id").as_int64();

  auto run = [&](json::object f) -> json::value {
    auto c = gz.post("/api/v1/assessments", f);
    EXPECT_EQ(c.status, 201) << c.body;
    auto s = gz.post(url(c.json().at("id").as_int64(), "/submit"), ver(c.json()));
    EXPECT_EQ(s.status, 200) << s.body;
    auto r = admin.post(url(s.json().at("id").as_int64(), "/review"), ver(s.json()));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  auto f1 = form(answers(gz, [](int m) { return m; }), gz_id, worker_id);
  f1["client_id"] = uuid();
  f1["elder_id"] = eid;
  auto first = run(f1);
  auto first_id = first.at("id").as_int64();

  // A draft may only supersede a reviewed record of the same elder.
  auto bad = form(answers(gz, [](int) { return 0; }), gz_id, worker_id);
  bad["client_id"] = uuid();
  bad["elder_id"] = gz_elder(5).at("id").as_int64();
  bad["supersedes_id"] = first_id;
  auto b = gz.post("/api/v1/assessments", bad);
  EXPECT_EQ(b.status, 422) << b.body;
  EXPECT_EQ(b.json().at("error").at("field"), "supersedes_id");

  auto f2 = form(answers(gz, [](int) { return 0; }), gz_id, worker_id);
  f2["client_id"] = uuid();
  f2["elder_id"] = eid;
  f2["reason"] = "review";
  f2["supersedes_id"] = first_id;
  auto second = run(f2);
  EXPECT_EQ(second.at("final_grade"), "complete");
  EXPECT_EQ(second.at("supersedes_id").as_int64(), first_id);

  auto old = gz.get(url(first_id));
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.json().at("state"), "superseded");
  auto h = gz.get("/api/v1/elders/" + std::to_string(eid) + "/assessments");
  EXPECT_EQ(h.json().at("current").at("id"), second.at("id")) << h.body;
  EXPECT_EQ(h.json().at("current").at("final_grade"), "complete");
}

TEST_P(Assessment, ScopeAndPermissions) {
  auto gz = signed_in("guanzhuang");
  auto ts = signed_in("taisun");
  auto elder = gz_elder(6);
  auto eid = elder.at("id").as_int64();
  auto elder_name = std::string(elder.at("name").as_string());
  json::object draft{{"client_id", uuid()}, {"elder_id", eid}, {"reason", "first"}};
  auto c = gz.post("/api/v1/assessments", draft);
  ASSERT_EQ(c.status, 201) << c.body;
  auto rec = c.json();
  auto id = rec.at("id").as_int64();

  // Another community: 404 for the record, the elder's list and a create, never the data.
  auto g = ts.get(url(id));
  EXPECT_EQ(g.status, 404);
  EXPECT_EQ(g.body.find(elder_name), std::string::npos);
  EXPECT_EQ(ts.get("/api/v1/elders/" + std::to_string(eid) + "/assessments").status, 404);
  EXPECT_EQ(ts.put(url(id), json::object{{"reason", "first"}, {"version", 1}}).status, 404);
  EXPECT_EQ(ts.post(url(id, "/submit"), ver(rec)).status, 404);
  json::object theirs{{"client_id", uuid()}, {"elder_id", eid}, {"reason", "first"}};
  EXPECT_EQ(ts.post("/api/v1/assessments", theirs).status, 404);
  // Re-sending our draft's client id from another community reveals nothing either.
  EXPECT_EQ(ts.post("/api/v1/assessments", draft).status, 404);
  // The admin reviewer sees it; taisun's due list does not show 官庄 elders.
  EXPECT_EQ(signed_in("admin").get(url(id)).status, 200);
  auto due = ts.get("/api/v1/assessments/due?size=200");
  ASSERT_EQ(due.status, 200) << due.body;
  auto due_body = due.json();
  for (const auto& d : due_body.at("items").as_array())
    EXPECT_NE(d.at("community").at("name"), "官庄社区");

  // The auditor reads but does not write; roles without the permission get 403.
  auto aud = signed_in("auditor");
  EXPECT_EQ(aud.get(url(id)).status, 200);
  json::object third{{"client_id", uuid()}, {"elder_id", eid}, {"reason", "first"}};
  EXPECT_EQ(aud.post("/api/v1/assessments", third).status, 403);
  EXPECT_EQ(aud.post(url(id, "/review"), ver(rec)).status, 403);
  for (const auto* user : {"kitchen", "family", "worker", "louzhang", "provider"}) {
    auto u = signed_in(user);
    EXPECT_EQ(u.get(url(id)).status, 403) << user;
    EXPECT_EQ(u.get("/api/v1/assessments/due").status, 403) << user;
    EXPECT_EQ(u.post("/api/v1/assessments", third).status, 403) << user;
  }
}

TEST_P(Assessment, TheDueList) {
  auto gz = signed_in("guanzhuang");
  auto worker = signed_in("worker");
  auto admin = signed_in("admin");
  auto gz_id = user_id(gz), worker_id = user_id(worker);
  auto elder = gz_elder(7);
  auto eid = elder.at("id").as_int64();
  auto community = elder.at("community").at("id").as_int64();
  auto due_of = [&]() -> std::optional<json::object> {
    auto r = gz.get("/api/v1/assessments/due?size=200&community_id=" + std::to_string(community));
    EXPECT_EQ(r.status, 200) << r.body;
    auto body = r.json();
    EXPECT_EQ(body.at("page").as_int64(), 1);
    for (const auto& d : body.at("items").as_array()) {
      EXPECT_EQ(d.at("community").at("id").as_int64(), community);
      if (d.at("elder").at("id").as_int64() == eid) return d.as_object();
    }
    return std::nullopt;
  };
  // Never assessed: due.
  auto before = due_of();
  ASSERT_TRUE(before);
  EXPECT_EQ(before->at("why"), "never");

  auto f = form(answers(gz, [](int m) { return m; }), gz_id, worker_id);
  f["client_id"] = uuid();
  f["elder_id"] = eid;
  auto c = gz.post("/api/v1/assessments", f);
  ASSERT_EQ(c.status, 201) << c.body;
  auto s = gz.post(url(c.json().at("id").as_int64(), "/submit"), ver(c.json()));
  ASSERT_EQ(s.status, 200) << s.body;
  auto r = admin.post(url(s.json().at("id").as_int64(), "/review"), ver(s.json()));
  ASSERT_EQ(r.status, 200) << r.body;
  // Reviewed today: due in a year, not listed.
  EXPECT_FALSE(due_of());

  // A change of condition: an open 即时 assessment makes it due now.
  json::object now{{"client_id", uuid()}, {"elder_id", eid}, {"reason", "immediate"}};
  ASSERT_EQ(gz.post("/api/v1/assessments", now).status, 201);
  auto after = due_of();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->at("why"), "immediate");
  EXPECT_EQ(after->at("last_grade"), "intact");
  auto h = gz.get("/api/v1/elders/" + std::to_string(eid) + "/assessments");
  EXPECT_EQ(h.json().at("due"), true);

  auto bad = gz.get("/api/v1/assessments/due?community_id=abc");
  EXPECT_EQ(bad.status, 422);
}

}  // namespace
