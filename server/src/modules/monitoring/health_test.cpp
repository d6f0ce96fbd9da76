// The status rules of the health panel (docs/MONITORING.md "Health"): facts in, status and
// problems out.
#include "modules/monitoring/health.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ec::monitoring {
namespace {

constexpr std::int64_t k_now = 1'800'000'000'000;

// A healthy node: broker up, writer idle and alive, webhook delivering.
health_facts healthy() {
  health_facts f;
  f.now = k_now;
  f.running = true;
  f.started_at = k_now - 3'600'000;
  f.broker.configured = true;
  f.broker.connected = true;
  f.broker.connected_since = k_now - 3'000'000;
  f.writer.queue_max = 100000;
  f.writer.alive_at = k_now - 1000;
  f.writer.last_commit_at = k_now - 500;
  f.webhook.configured = true;
  f.webhook.last_sent_at = k_now - 60'000;
  return f;
}

std::vector<std::string> codes(const health_verdict& v) {
  std::vector<std::string> out;
  for (const auto& p : v.problems) out.push_back(p.code);
  return out;
}

TEST(Health, HealthyIsOk) {
  auto v = derive(healthy());
  EXPECT_EQ(v.status, "ok");
  EXPECT_TRUE(v.problems.empty());
}

TEST(Health, NoBrokerAndNoWebhookConfiguredIsOk) {
  auto f = healthy();
  f.broker = {};
  f.webhook = {};
  EXPECT_EQ(derive(f).status, "ok");
}

TEST(Health, NotRunningIsDown) {
  auto f = healthy();
  f.running = false;
  auto v = derive(f);
  EXPECT_EQ(v.status, "down");
  EXPECT_EQ(codes(v), std::vector<std::string>{"monitoring.not_running"});
}

TEST(Health, BrokerLostIsDegradedThenDown) {
  auto f = healthy();
  f.broker.connected = false;
  f.broker.connected_since.reset();
  f.broker.disconnected_since = k_now - 3000;
  auto v = derive(f);
  EXPECT_EQ(v.status, "degraded");
  EXPECT_EQ(codes(v), std::vector<std::string>{"broker.reconnecting"});
  f.broker.disconnected_since = k_now - k_health_broker_grace_ms;
  v = derive(f);
  EXPECT_EQ(v.status, "down");
  EXPECT_EQ(codes(v), std::vector<std::string>{"broker.disconnected"});
  EXPECT_NE(v.problems[0].zh.find("电话联系"), std::string::npos) << v.problems[0].zh;
  EXPECT_NE(v.problems[0].en.find("phone"), std::string::npos);
  // A broker that refused the login is down at once (it never retries).
  f.broker.disconnected_since = k_now - 1000;
  f.broker.refused = true;
  EXPECT_EQ(codes(derive(f)), std::vector<std::string>{"broker.refused"});
  // Never connected since start: the start time counts.
  f.broker.refused = false;
  f.broker.disconnected_since.reset();
  f.started_at = k_now - 60'000;
  EXPECT_EQ(codes(derive(f)), std::vector<std::string>{"broker.disconnected"});
}

TEST(Health, WriterFailingStalledOrBackedUp) {
  auto f = healthy();
  f.writer.failing = true;
  EXPECT_EQ(codes(derive(f)), std::vector<std::string>{"writer.failing"});
  EXPECT_EQ(derive(f).status, "down");
  f = healthy();
  f.writer.alive_at = k_now - k_health_writer_stall_ms;
  EXPECT_EQ(codes(derive(f)), std::vector<std::string>{"writer.stalled"});
  f = healthy();
  f.writer.queue_depth = f.writer.queue_max / 2 - 1;
  EXPECT_EQ(derive(f).status, "ok");
  f.writer.queue_depth = f.writer.queue_max / 2;
  auto v = derive(f);
  EXPECT_EQ(v.status, "degraded");
  EXPECT_EQ(codes(v), std::vector<std::string>{"writer.backlog"});
}

TEST(Health, OverdueEscalationIsDown) {
  auto f = healthy();
  f.escalation.timers_armed = 3;
  f.escalation.overdue = 2;
  auto v = derive(f);
  EXPECT_EQ(v.status, "down");
  EXPECT_EQ(codes(v), std::vector<std::string>{"escalation.overdue"});
  EXPECT_NE(v.problems[0].zh.find("2条"), std::string::npos);
}

TEST(Health, WebhookFailingGaveUpAndDelayed) {
  auto f = healthy();
  f.webhook.failing_streak = 3;
  auto v = derive(f);
  EXPECT_EQ(v.status, "degraded");
  EXPECT_EQ(codes(v), std::vector<std::string>{"webhook.failing"});
  EXPECT_NE(v.problems[0].zh.find("短信/语音网关连续失败"), std::string::npos);
  EXPECT_NE(v.problems[0].zh.find("请电话通知"), std::string::npos);
  f.webhook.gave_up_last_hour = 2;
  f.webhook.oldest_pending_at = k_now - k_health_webhook_delay_ms;
  EXPECT_EQ(codes(derive(f)),
            (std::vector<std::string>{"webhook.failing", "webhook.gave_up", "webhook.delayed"}));
  // Recovered: a delivery resets the streak; what was given up still shows for the hour.
  f.webhook.failing_streak = 0;
  f.webhook.oldest_pending_at.reset();
  EXPECT_EQ(codes(derive(f)), std::vector<std::string>{"webhook.gave_up"});
  // Without a webhook URL, no webhook problems (nothing is sent).
  f.webhook.configured = false;
  EXPECT_EQ(derive(f).status, "ok");
}

TEST(Health, ManyDeadLettersNameTheMainReason) {
  auto f = healthy();
  f.dead_letters.by_reason = {{"clock_skew", 80}, {"malformed", 19}};
  f.dead_letters.last_hour = 99;
  EXPECT_EQ(derive(f).status, "ok");
  f.dead_letters.by_reason["malformed"] = 20;
  f.dead_letters.last_hour = 100;
  auto v = derive(f);
  EXPECT_EQ(codes(v), std::vector<std::string>{"dead_letters.many"});
  EXPECT_NE(v.problems[0].en.find("clock_skew"), std::string::npos);
}

TEST(Health, DownProblemsComeFirstAndDecide) {
  auto f = healthy();
  f.webhook.failing_streak = 1;
  f.broker.connected = false;
  f.broker.disconnected_since = k_now - 600'000;
  f.escalation.overdue = 1;
  auto v = derive(f);
  EXPECT_EQ(v.status, "down");
  EXPECT_EQ(codes(v), (std::vector<std::string>{"broker.disconnected", "escalation.overdue",
                                                "webhook.failing"}));
  for (const auto& p : v.problems) {
    EXPECT_FALSE(p.zh.empty());
    EXPECT_FALSE(p.en.empty());
  }
}

TEST(Health, VerdictsCompareByStatusAndCodes) {
  auto f = healthy();
  f.webhook.failing_streak = 1;
  auto a = derive(f);
  f.webhook.failing_streak = 5;  // a different number, the same problem
  EXPECT_TRUE(a == derive(f));
  f.webhook.gave_up_last_hour = 1;
  EXPECT_FALSE(a == derive(f));
  EXPECT_FALSE(a == derive(healthy()));
}

TEST(Health, JsonHasTheFieldsAndTheLanguage) {
  auto f = healthy();
  f.webhook.failing_streak = 2;
  f.webhook.last_error = "connection refused";
  f.webhook.last_error_at = k_now - 2000;
  f.webhook.oldest_pending_at = k_now - 42'000;
  f.dead_letters.by_reason = {{"malformed", 3}};
  f.dead_letters.last_hour = 3;
  auto v = derive(f);
  auto zh = health_json(f, v, false);
  EXPECT_EQ(zh.at("status"), "degraded");
  EXPECT_EQ(zh.at("problems").at(0).at("code"), "webhook.failing");
  EXPECT_NE(std::string(zh.at("problems").at(0).at("message").as_string()).find("短信"),
            std::string::npos);
  EXPECT_EQ(zh.at("broker").at("connected"), true);
  EXPECT_EQ(zh.at("broker").at("disconnected_since"), nullptr);
  EXPECT_TRUE(std::string(zh.at("broker").at("connected_since").as_string()).ends_with("+08:00"));
  EXPECT_EQ(zh.at("webhook").at("oldest_pending_age_s"), 42);
  EXPECT_EQ(zh.at("webhook").at("last_error"), "connection refused");
  EXPECT_EQ(zh.at("dead_letters").at("by_reason").at("malformed"), 3);
  EXPECT_EQ(zh.at("writer").at("queue_max"), 100000);
  auto en = health_json(f, v, true);
  EXPECT_NE(std::string(en.at("problems").at(0).at("message").as_string()).find("SMS"),
            std::string::npos);
}

}  // namespace
}  // namespace ec::monitoring
