// Demo ability assessments (GB/T 42195-2022) for the elders of the communities that have a
// demo staff user: most reviewed (some over a year ago, so the due list has entries), some
// submitted and awaiting review, some drafts. Scores fit the elder: a disabled elder (失能)
// scores low on self-care and motor items, the oldest a little lower, everyone else near the
// top. Grades come from the module's evaluate(), so they are what a real submit would store.
#include "modules/assessment/assessment.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <random>

#include "core/timeutil.hpp"
#include "demo/demo.hpp"

namespace ec::demo {
namespace {

namespace json = boost::json;
namespace as = ec::assessment;

// At most this many elders per community get an assessment (keeps big demos quick).
constexpr int k_per_community = 300;

struct elder_row {
  std::int64_t id, community_id;
  std::string org_path;
  bool disabled;
  int birth_year;
};

}  // namespace

status load_assessments(context& ctx) {
  auto& c = ctx.c;
  // The communities with a community_staff demo user; that user and the field worker assess,
  // the sub-district admin reviews.
  auto staff = c.query(
      "SELECT u.id, u.org_unit_id FROM users u WHERE u.role_code = 'community_staff' AND "
      "u.active = 1 ORDER BY u.id");
  if (!staff) return std::move(staff).err();
  auto second = c.maybe_one("SELECT id FROM users WHERE username = 'worker'");
  auto reviewer = c.maybe_one("SELECT id FROM users WHERE username = 'admin'");
  if (!second || !reviewer) return error::make(errc::internal, "demo", "demo users missing");
  if (!*second || !*reviewer || staff->empty()) return {};
  auto worker_id = (**second).i64(0), admin_id = (**reviewer).i64(0);

  std::mt19937_64 rng(ctx.seed ^ 0xA55E55);
  auto roll = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const auto now = timeutil::now_unix_ms();
  constexpr std::int64_t day = 24LL * 3600 * 1000;
  int reviewed = 0, submitted = 0, drafts = 0;

  auto st = db::in_transaction(c, [&]() -> status {
    for (const auto& s : *staff) {
      auto staff_id = s.i64(0);
      auto rows = c.query(
          "SELECT e.id, e.community_id, e.org_path, EXISTS (SELECT 1 FROM elder_categories k "
          "WHERE k.elder_id = e.id AND k.category = 'disabled'), e.birth_date FROM elders e "
          "WHERE e.status = 'active' AND e.community_id = ? ORDER BY e.id LIMIT ?",
          {s.i64(1), std::int64_t{k_per_community}});
      if (!rows) return std::move(rows).err();
      for (const auto& r : *rows) {
        elder_row e{r.i64(0), r.i64(1), r.str(2), r.i64(3) != 0,
                    std::atoi(r.str(4).substr(0, 4).c_str())};
        int pick = roll(10);
        if (pick == 9) continue;  // never assessed
        const char* state = pick < 7 ? "reviewed" : pick < 8 ? "submitted" : "draft";
        // The share of each item's maximum this elder reaches.
        int age = 2026 - e.birth_year;
        as::input in;
        for (const auto& it : as::items()) {
          bool body = it.grp == as::group::self_care || it.grp == as::group::motor;
          int top = it.max_score();
          int score;
          if (e.disabled)
            score = body ? roll(2) : std::max(0, top - 1 - roll(3));
          else if (age >= 85)
            score = std::max(0, top - roll(2) - (body ? roll(2) : 0));
          else
            score = roll(4) == 0 ? std::max(0, top - 1) : top;
          if (score > top) score = top;
          in.answers[std::string(it.code)] = score;
        }
        in.risk_event_counts[static_cast<int>(as::risk_event::fall)] = e.disabled ? roll(3) : 0;
        in.dementia = e.disabled && roll(6) == 0;
        auto out = as::evaluate(in);
        if (!out) return std::move(out).err();
        json::object answers, risks, groups_o;
        bool partial = std::string_view(state) == "draft";
        int n = 0;
        for (const auto& [k, v] : in.answers)
          if (!partial || ++n <= 12) answers[k] = v;
        for (const auto& ev : as::risk_events())
          risks[ev.code] = in.risk_event_counts[static_cast<int>(ev.id)];
        for (const auto& g : as::groups())
          groups_o[g.code] = out->group_scores[static_cast<int>(g.id)];
        json::array adj;
        for (auto a : out->applied) adj.emplace_back(as::adjustment_code(a));
        // Reviewed up to ~15 months ago: some are due again.
        auto reviewed_at = now - (1 + roll(450)) * day;
        auto created_at = partial ? now - roll(5) * day : reviewed_at - (1 + roll(5)) * day;
        auto assessed_on = timeutil::format_date(timeutil::to_shanghai_date(created_at));
        db::value total = db::null(), groups_v = db::null(), prelim = db::null(), fin = db::null(),
                  adj_v = db::null(), sub_by = db::null(), sub_at = db::null(), rev_by = db::null(),
                  rev_at = db::null();
        if (!partial) {
          total = std::int64_t{out->total};
          groups_v = json::serialize(groups_o);
          prelim = std::string(as::grade_of(out->preliminary).code);
          fin = std::string(as::grade_of(out->final_grade).code);
          adj_v = json::serialize(adj);
          sub_by = staff_id;
          sub_at = created_at;
        }
        if (std::string_view(state) == "reviewed") {
          rev_by = admin_id;
          rev_at = reviewed_at;
        }
        bool self_informant = !e.disabled && roll(2) == 0;
        auto client_id =
            fmt::format("de000000-0000-4000-8000-{:012x}", static_cast<std::uint64_t>(e.id));
        auto ins = c.exec(
            "INSERT INTO assessments (client_id, elder_id, community_id, org_path, state, "
            "reason, assessor1_id, assessor2_id, informant_name, informant_relation, place, "
            "assessed_on, dementia, risk_events, answers, total, group_scores, "
            "preliminary_grade, final_grade, adjustments, submitted_by, submitted_at, "
            "reviewed_by, reviewed_at, created_by, created_at, updated_by, updated_at) VALUES "
            "(?, ?, ?, ?, ?, 'first', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?) ON CONFLICT (client_id) DO NOTHING",
            {client_id,
             e.id,
             e.community_id,
             e.org_path,
             std::string(state),
             staff_id,
             worker_id,
             std::string(self_informant ? "本人" : "家属"),
             std::string(self_informant ? "self" : "child"),
             std::string("老人家中"),
             assessed_on,
             std::int64_t{in.dementia ? 1 : 0},
             json::serialize(risks),
             json::serialize(answers),
             total,
             groups_v,
             prelim,
             fin,
             adj_v,
             sub_by,
             sub_at,
             rev_by,
             rev_at,
             staff_id,
             created_at,
             staff_id,
             rev_at == db::null() ? created_at : reviewed_at});
        if (!ins) return std::move(ins).err();
        if (*ins == 0) continue;
        ++(partial ? drafts : std::string_view(state) == "submitted" ? submitted : reviewed);
      }
    }
    return {};
  });
  if (!st) return st;
  ctx.notes += fmt::format(
      "{} ability assessments reviewed, {} awaiting review, {} drafts (GB/T 42195-2022)\n",
      reviewed, submitted, drafts);
  return {};
}

}  // namespace ec::demo
