#include "modules/monitoring/escalator.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <string>

#include "modules/monitoring/alert_view.hpp"
#include "modules/monitoring/escalation.hpp"
#include "modules/registry/registry.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

// Contacts of a level, for the webhook payload: [{name, role, phone}].
json::array targets(db::connection& c, const plan_info& p, int level, std::int64_t elder_id,
                    std::int64_t community_id) {
  json::array out;
  if (level == 1) {
    auto r = c.query(
        "SELECT u.display_name, u.phone FROM user_elder_links l JOIN users u ON u.id = "
        "l.user_id WHERE l.elder_id = ? AND u.role_code = 'volunteer' AND u.active = 1 "
        "ORDER BY u.id",
        {elder_id});
    if (r)
      for (const auto& row : *r)
        out.push_back(
            json::object{{"name", row.str(0)}, {"role", "volunteer"}, {"phone", row.str(1)}});
  } else if (level == 2) {
    auto r = c.query(
        "SELECT name, relation, phone FROM elder_contacts WHERE elder_id = ? ORDER BY sort, id",
        {elder_id});
    if (r)
      for (const auto& row : *r) {
        // Stored encrypted; a value that does not decrypt is left out, never sent as is.
        auto phone = registry::pii_rows::open_contact_phone(row.str(2));
        if (!phone) {
          spdlog::error("notifier: contact phone of elder {}: {}", elder_id, phone.err().message);
          continue;
        }
        out.push_back(json::object{
            {"name", row.str(0)}, {"role", "family:" + row.str(1)}, {"phone", *phone}});
      }
  } else if (level == 3) {
    if (!p.station_phone.empty())
      out.push_back(json::object{
          {"name", "社区站值班电话"}, {"role", "station"}, {"phone", p.station_phone}});
    auto r = c.query(
        "SELECT u.display_name, u.phone FROM users u JOIN org_units o ON o.id = u.org_unit_id "
        "WHERE u.role_code = 'community_staff' AND u.active = 1 AND (o.id = ? OR "
        "o.community_id = ?) ORDER BY u.id",
        {community_id, community_id});
    if (r)
      for (const auto& row : *r)
        out.push_back(
            json::object{{"name", row.str(0)}, {"role", "community_staff"}, {"phone", row.str(1)}});
  } else {
    out.push_back(
        json::object{{"name", "紧急救援"}, {"role", "emergency"}, {"phone", p.emergency_phone}});
  }
  return out;
}

// The notice an SMS or voice gateway reads out: what, where, who, which level, which alert.
std::string notice_text(const json::object& v, int level, std::int64_t id) {
  return "【天镇养老】" +
         std::string(notice_label_zh(
             *parse_alert_kind(std::string_view(v.at("kind").as_string()), "kind"))) +
         "：" + std::string(v.at("elder").at("community_name").as_string()) + " " +
         std::string(v.at("elder").at("name").as_string()) + "，" +
         std::string(v.at("elder").at("address").as_string()) + "。第" + std::to_string(level) +
         "级通知（" + std::string(level_label_zh(level)) + "），告警号" + std::to_string(id) +
         "，请立即联系处置。";
}

}  // namespace

int top_level_of(severity s) {
  return s == severity::critical ? 4 : s == severity::warning ? 3 : 0;
}

escalator::escalator(db::database& db, const config& cfg, const settings_cache& settings,
                     ingest_counters& counters, announcer& announce)
    : db_(db), cfg_(cfg), settings_(settings), counters_(counters), announce_(announce) {}

void escalator::arm(std::int64_t due_ms, std::int64_t alert_id) {
  due_.push({due_ms, alert_id});
}

void escalator::arm_on_commit(std::int64_t due_ms, std::int64_t alert_id) {
  pending_.push_back({due_ms, alert_id});
}

void escalator::committed() {
  for (const auto& e : pending_) due_.push(e);
  pending_.clear();
}

void escalator::rolled_back() {
  pending_.clear();
}

std::optional<std::int64_t> escalator::next_due_at() const {
  if (due_.empty()) return std::nullopt;
  return due_.top().first;
}

void escalator::run(std::int64_t now) {
  if (due_.empty() || due_.top().first > now) return;
  std::vector<std::int64_t> ids;
  while (!due_.empty() && due_.top().first <= now) {
    ids.push_back(due_.top().second);
    due_.pop();
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  after_commit ac;
  std::vector<due_entry> rearm;
  auto c = db_.acquire();
  if (!c) {
    for (auto id : ids) due_.push({now + 1000, id});
    return;
  }
  auto st = db::in_transaction(**c, [&]() -> status {
    for (auto id : ids) {
      auto r = (*c)->maybe_one(
          "SELECT state, last_level_sent, created_at, community_id, elder_id, severity FROM "
          "alerts WHERE id = ?",
          {id});
      if (!r) return std::move(r).err();
      if (!*r || (*r)->str(0) != "open") continue;
      const auto& row = **r;
      auto community = row.i64(3);
      const auto& pi = settings_.plan_for(community);
      const auto& plan = pi.plan;
      // An unreadable severity climbs all the way: the safe side.
      auto sev = parse_severity(row.str(5), "severity");
      int top = top_level_of(sev ? *sev : severity::critical);
      auto steps = levels_due(plan, row.i64(2), static_cast<int>(row.i64(1)), now);
      std::erase_if(steps, [&](const escalation_step& s) { return s.level > top; });
      auto next = next_due(plan, row.i64(2), false, now);
      if (next && next->level > top) next.reset();
      for (const auto& s : steps) {
        auto a = (*c)->exec(
            "INSERT INTO alert_actions (alert_id, at, action, level) VALUES (?, ?, "
            "'escalated', ?)",
            {id, now, static_cast<std::int64_t>(s.level)});
        if (!a) return std::move(a).err();
        if (!cfg_.webhook_url.empty()) {
          auto views = load_alert_views(**c, {id});
          if (!views) return std::move(views).err();
          if (views->empty()) continue;
          auto tg = targets(**c, pi, s.level, row.i64(4), community);
          const auto& v = views->front().json;
          json::object payload{{"alert", v},
                               {"level", s.level},
                               {"targets", tg},
                               {"message", notice_text(v, s.level, id)}};
          auto n = (*c)->exec(
              "INSERT INTO notifications (alert_id, level, channel, target, payload, status, "
              "created_at, next_attempt_at) VALUES (?, ?, 'webhook', ?, ?, 'pending', ?, ?)",
              {id, static_cast<std::int64_t>(s.level), cfg_.webhook_url, json::serialize(payload),
               now, now});
          if (!n) return std::move(n).err();
          ac.webhook_queued = true;
        }
      }
      auto u = (*c)->exec(
          "UPDATE alerts SET last_level_sent = ?, next_due_at = ?, version = version + 1 "
          "WHERE id = ?",
          {steps.empty() ? row.i64(1) : static_cast<std::int64_t>(steps.back().level),
           next ? db::value(next->due_ms) : db::null(), id});
      if (!u) return std::move(u).err();
      if (!steps.empty()) {
        counters_.escalations_sent += static_cast<std::int64_t>(steps.size());
        ac.changes.push_back({id, "escalated"});
      }
      if (next) rearm.push_back({next->due_ms, id});
    }
    return {};
  });
  if (!st) {
    spdlog::error("monitoring: escalation failed, retrying in 1 s: {}", st.err().message);
    for (auto id : ids) due_.push({now + 1000, id});
    return;
  }
  for (const auto& e : rearm) due_.push(e);
  announce_.publish(**c, ac);
}

}  // namespace ec::monitoring
