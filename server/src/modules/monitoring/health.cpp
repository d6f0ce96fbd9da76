#include "modules/monitoring/health.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/timeutil.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

constexpr std::int64_t k_dead_letter_count_cap = 100'000;

std::string n(std::int64_t v) {
  return std::to_string(v);
}

// Whole minutes, at least 1 (for messages).
std::string minutes(std::int64_t ms) {
  return std::to_string(std::max<std::int64_t>(1, ms / 60'000));
}

json::value opt_time(const std::optional<std::int64_t>& t) {
  if (!t) return nullptr;
  return json::string(timeutil::iso8601_shanghai(*t));
}

// The most frequent reason of the dead letters ("" if none).
std::string top_reason(const std::map<std::string, std::int64_t>& by_reason) {
  std::string best;
  std::int64_t most = 0;
  for (const auto& [reason, count] : by_reason)
    if (count > most) {
      most = count;
      best = reason;
    }
  return best;
}

}  // namespace

bool health_verdict::operator==(const health_verdict& o) const {
  if (status != o.status || problems.size() != o.problems.size()) return false;
  for (std::size_t i = 0; i < problems.size(); ++i)
    if (problems[i].code != o.problems[i].code) return false;
  return true;
}

health_verdict derive(const health_facts& f) {
  health_verdict v;
  auto add = [&](std::string code, std::string level, std::string zh, std::string en) {
    v.problems.push_back({std::move(code), std::move(level), std::move(zh), std::move(en)});
  };

  if (!f.running) {
    add("monitoring.not_running", "down",
        "本节点未运行看护服务：设备报警不会在这里处理。请联系运维重启服务，其间请电话联系独居老人",
        "Monitoring is not running on this node: device alarms are not processed here. Ask "
        "operations to restart it and phone elders living alone meanwhile.");
  } else {
    // The broker: without it no SOS from an MQTT device reaches the platform.
    const auto& b = f.broker;
    if (b.configured && !b.connected) {
      auto since = b.disconnected_since.value_or(f.started_at);
      auto down_ms = f.now - since;
      if (b.refused) {
        add("broker.refused", "down",
            "消息服务器（MQTT）拒绝了平台的登录：设备的SOS和跌倒报警收不到。请立即联系运维检查服务"
            "账号，"
            "并电话联系独居老人",
            "The MQTT broker refused the platform's login: SOS and fall alarms from devices do "
            "not arrive. Call operations to check the service account now, and phone elders "
            "living alone.");
      } else if (down_ms >= k_health_broker_grace_ms) {
        add("broker.disconnected", "down",
            "与消息服务器（MQTT）的连接已断开" + minutes(down_ms) +
                "分钟：设备的SOS和跌倒报警收不到。请立即联系运维，并电话联系独居老人",
            "The connection to the MQTT broker has been down for " + minutes(down_ms) +
                " min: SOS and fall alarms from devices do not arrive. Call operations now and "
                "phone elders living alone.");
      } else {
        add("broker.reconnecting", "degraded",
            "正在重新连接消息服务器（MQTT）：设备报警可能延迟几秒，请留意",
            "Reconnecting to the MQTT broker: device alarms may be a few seconds late.");
      }
    }

    // The writer: every alert is committed by it before anyone hears of it.
    const auto& w = f.writer;
    if (w.failing) {
      add("writer.failing", "down",
          "告警无法写入数据库：新的报警可能没有保存和通知。请立即联系运维检查数据库，并留意设备现场"
          "情况",
          "Alerts cannot be written to the database: new alarms may be neither stored nor "
          "notified. Call operations to check the database now.");
    } else if (w.alive_at && f.now - w.alive_at >= k_health_writer_stall_ms) {
      add("writer.stalled", "down",
          "告警处理已停滞" + minutes(f.now - w.alive_at) +
              "分钟：新的报警不会出现在看板上。请立即联系运维重启服务",
          "Alert processing has been stuck for " + minutes(f.now - w.alive_at) +
              " min: new alarms will not reach the board. Call operations to restart the "
              "service now.");
    } else if (w.queue_max > 0 && w.queue_depth * 2 >= w.queue_max) {
      add("writer.backlog", "degraded",
          "待处理的设备消息积压（" + n(w.queue_depth) + "条）：新报警会延迟出现，请联系运维",
          "Device messages are backing up (" + n(w.queue_depth) +
              " waiting): new alarms will be late. Tell operations.");
    }

    // Escalation: levels that should have gone out but did not.
    if (f.escalation.overdue > 0) {
      add("escalation.overdue", "down",
          n(f.escalation.overdue) +
              "条告警的逐级通知超时未发出：请按看板上的电话逐一通知楼长、家属和社区站，并联系运维",
          "The next escalation level of " + n(f.escalation.overdue) +
              " alert(s) is overdue: phone the building leaders, families and the station from "
              "the board, and tell operations.");
    }
  }

  // The webhook (SMS/voice gateway): the levels beyond the board.
  const auto& h = f.webhook;
  if (h.configured) {
    if (h.failing_streak > 0) {
      add("webhook.failing", "degraded",
          "短信/语音网关连续失败（" + n(h.failing_streak) +
              "次）：家属与应急层级的通知可能没有送达，请电话通知",
          "The SMS/voice gateway keeps failing (" + n(h.failing_streak) +
              " attempts): families and emergency contacts may not have been told. Phone them.");
    }
    if (h.gave_up_last_hour > 0) {
      add("webhook.gave_up", "degraded",
          "近1小时有" + n(h.gave_up_last_hour) +
              "条短信/语音通知重试后仍未送达：请在告警历史中查看，并电话通知相关人员",
          n(h.gave_up_last_hour) +
              " SMS/voice notification(s) in the last hour were given up after all retries: look "
              "them up in the alert history and phone the people concerned.");
    }
    if (h.oldest_pending_at && f.now - *h.oldest_pending_at >= k_health_webhook_delay_ms) {
      add("webhook.delayed", "degraded",
          "有短信/语音通知已等待" + minutes(f.now - *h.oldest_pending_at) +
              "分钟仍未发出：请电话通知，并联系运维检查网关",
          "An SMS/voice notification has been waiting " + minutes(f.now - *h.oldest_pending_at) +
              " min: phone the people concerned and ask operations to check the gateway.");
    }
  }

  // Rejected device messages: a misconfigured device or clock may be losing alarms.
  if (f.dead_letters.last_hour >= k_health_dead_letters_hour) {
    auto reason = top_reason(f.dead_letters.by_reason);
    add("dead_letters.many", "degraded",
        "近1小时有" + n(f.dead_letters.last_hour) + "条设备消息被拒收（主要原因：" + reason +
            "）：这些设备的报警可能丢失，请在设备管理中检查其密钥、绑定和时钟",
        n(f.dead_letters.last_hour) + " device messages were rejected in the last hour (mostly " +
            reason +
            "): these devices' alarms may be lost. Check their secrets, binding and clocks under "
            "Devices.");
  }

  // down before degraded; within a level, in the order above.
  std::stable_sort(v.problems.begin(), v.problems.end(),
                   [](const health_problem& a, const health_problem& b) {
                     return a.level == "down" && b.level != "down";
                   });
  if (!v.problems.empty()) v.status = v.problems.front().level;
  return v;
}

namespace {

status read_store_facts(db::connection& c, health_facts& f) {
  auto hour_ago = f.now - k_hour_ms;
  if (f.webhook.configured) {
    auto p = c.one(
        "SELECT COUNT(*), MIN(created_at) FROM notifications "
        "WHERE status = 'pending' AND channel = 'webhook'");
    if (!p) return std::move(p).err();
    f.webhook.pending = p->i64(0);
    f.webhook.oldest_pending_at = p->opt_i64(1);
    auto h = c.one(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) "
        "FROM notifications WHERE last_error_at >= ? AND channel = 'webhook'",
        {hour_ago});
    if (!h) return std::move(h).err();
    f.webhook.failed_last_hour = h->i64(0);
    f.webhook.gave_up_last_hour = h->i64(1);
    auto e = c.maybe_one(
        "SELECT last_error, last_error_at FROM notifications WHERE last_error_at IS NOT NULL "
        "AND channel = 'webhook' ORDER BY last_error_at DESC LIMIT 1");
    if (!e) return std::move(e).err();
    if (*e) {
      f.webhook.last_error = (*e)->str(0);
      f.webhook.last_error_at = (*e)->opt_i64(1);
    }
  }
  // Counted up to a cap, so that a flood of rejections never makes this slow.
  auto d = c.query(
      "SELECT reason, COUNT(*) FROM (SELECT reason FROM dead_letters WHERE received_at >= ? "
      "LIMIT ?) recent GROUP BY reason",
      {hour_ago, k_dead_letter_count_cap});
  if (!d) return std::move(d).err();
  f.dead_letters.last_hour = 0;
  f.dead_letters.by_reason.clear();
  for (const auto& r : *d) {
    f.dead_letters.by_reason[r.str(0)] = r.i64(1);
    f.dead_letters.last_hour += r.i64(1);
  }
  if (f.running) {
    auto o = c.one(
        "SELECT COUNT(*), MIN(next_due_at) FROM alerts WHERE state = 'open' AND next_due_at < ?",
        {f.now - k_health_escalation_late_ms});
    if (!o) return std::move(o).err();
    f.escalation.overdue = o->i64(0);
    f.escalation.oldest_overdue_at = o->opt_i64(1);
  }
  return {};
}

}  // namespace

status load_store_facts(db::connection& c, health_facts& f) {
  // One snapshot: a notification given up between two of these statements must
  // not show as both still pending and given up.
  return db::in_read_snapshot(c, [&] { return read_store_facts(c, f); });
}

result<device_health> load_device_health(db::connection& c, const sys::principal& who) {
  device_health out;
  db::params args;
  auto scope = sys::device_scope_sql(who, "d", args);
  auto total = c.one(
      "SELECT COUNT(*) FROM devices d WHERE d.status = 'active' AND d.elder_id IS NOT NULL AND " +
          scope,
      args);
  if (!total) return std::move(total).err();
  out.active = total->i64(0);
  db::params args2;
  auto scope2 = sys::device_scope_sql(who, "d", args2);
  auto kinds = c.query(
      "SELECT a.kind, COUNT(*) FROM alerts a JOIN devices d ON d.id = a.device_id "
      "WHERE a.state <> 'resolved' AND a.kind IN ('offline', 'low_battery') "
      "AND d.status = 'active' AND " +
          scope2 + " GROUP BY a.kind",
      args2);
  if (!kinds) return std::move(kinds).err();
  for (const auto& r : *kinds) {
    if (r.str(0) == "offline")
      out.offline = r.i64(1);
    else
      out.low_battery = r.i64(1);
  }
  return out;
}

json::object health_json(const health_facts& f, const health_verdict& v, bool english) {
  json::array problems;
  for (const auto& p : v.problems)
    problems.push_back(
        json::object{{"code", p.code}, {"level", p.level}, {"message", english ? p.en : p.zh}});
  json::object reasons;
  for (const auto& [reason, count] : f.dead_letters.by_reason) reasons[reason] = count;
  json::value pending_age = nullptr;
  if (f.webhook.oldest_pending_at)
    pending_age = std::max<std::int64_t>(0, (f.now - *f.webhook.oldest_pending_at) / 1000);
  return json::object{
      {"status", v.status},
      {"problems", std::move(problems)},
      {"checked_at", timeutil::iso8601_shanghai(f.now)},
      {"monitoring",
       json::object{{"running", f.running},
                    {"started_at", f.running ? opt_time(f.started_at) : json::value(nullptr)}}},
      {"broker", json::object{{"configured", f.broker.configured},
                              {"connected", f.broker.connected},
                              {"refused", f.broker.refused},
                              {"connected_since", opt_time(f.broker.connected_since)},
                              {"disconnected_since", opt_time(f.broker.disconnected_since)},
                              {"reconnects", f.broker.reconnects},
                              {"last_error", f.broker.last_error}}},
      {"writer",
       json::object{{"queue_depth", f.writer.queue_depth},
                    {"queue_max", f.writer.queue_max},
                    {"last_commit_at", opt_time(f.writer.last_commit_at)},
                    {"last_commit_ms", static_cast<double>(f.writer.last_commit_us) / 1000},
                    {"batch_failures", f.writer.batch_failures},
                    {"failing", f.writer.failing},
                    {"last_failure_at", opt_time(f.writer.last_failure_at)}}},
      {"escalation", json::object{{"timers_armed", f.escalation.timers_armed},
                                  {"overdue", f.escalation.overdue},
                                  {"oldest_overdue_at", opt_time(f.escalation.oldest_overdue_at)}}},
      {"webhook", json::object{{"configured", f.webhook.configured},
                               {"pending", f.webhook.pending},
                               {"oldest_pending_age_s", std::move(pending_age)},
                               {"failed_last_hour", f.webhook.failed_last_hour},
                               {"gave_up_last_hour", f.webhook.gave_up_last_hour},
                               {"failing_streak", f.webhook.failing_streak},
                               {"last_sent_at", opt_time(f.webhook.last_sent_at)},
                               {"last_error", f.webhook.last_error},
                               {"last_error_at", opt_time(f.webhook.last_error_at)}}},
      {"dead_letters", json::object{{"last_hour", f.dead_letters.last_hour},
                                    {"by_reason", std::move(reasons)},
                                    {"dropped", f.dead_letters.dropped}}},
  };
}

}  // namespace ec::monitoring
