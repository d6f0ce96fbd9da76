// The webhook outbox against a real database (SQLite; PostgreSQL too when ELDERCARE_TEST_PG_URL
// is set) with a fake poster and an injected clock.
#include "modules/monitoring/notifier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/text.hpp"
#include "db/migrate.hpp"
#include "db/test_database.hpp"
#include "modules/monitoring/outbox_test_support.hpp"

namespace ec::monitoring {
namespace {

constexpr std::int64_t T0 = 1'795'000'000'000;  // 2026-11-18, an arbitrary fixed instant
const std::string k_url = "http://127.0.0.1:9/sms";

using db::testing::backends;
using db::testing::scratch_database;

struct call {
  std::string url, json, key;
  std::int64_t timeout_ms;
};

// Records every POST and answers with `respond` (called outside the lock, so it may block or
// call into another notifier).
class fake_poster : public http_poster {
 public:
  std::function<post_result(const call&)> respond = [](const call&) {
    return post_result{200, "", "ok"};
  };
  post_result post(std::string_view url, std::string_view json, std::int64_t timeout_ms,
                   std::string_view key) override {
    call c{std::string(url), std::string(json), std::string(key), timeout_ms};
    {
      std::lock_guard g(mu_);
      calls_.push_back(c);
    }
    return respond(c);
  }
  std::vector<call> calls() const {
    std::lock_guard g(mu_);
    return calls_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<call> calls_;
};

struct row_state {
  std::string status;
  std::int64_t attempts = 0;
  std::string last_error;
  std::optional<std::int64_t> sent_at, next_attempt_at;
};

class NotifierTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<scratch_database>(GetParam(), 4, 5000);
    ASSERT_TRUE(scratch_->ok());
    db_ = &scratch_->db();
    auto c = db_->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    auto m = db::migrate(**c);
    ASSERT_TRUE(m.ok()) << m.err().message;
    alert_id_ = testing::seed_alert(**c, T0);
  }

  void TearDown() override {
    db_ = nullptr;
    scratch_.reset();
  }

  // A pending webhook row due at `due`, as the service writes it.
  std::int64_t add_row(const std::string& payload, std::optional<std::int64_t> due = T0) {
    auto c = db_->acquire();
    EXPECT_TRUE(c.ok());
    return testing::add_webhook_row(**c, alert_id_, payload, T0, due, k_url);
  }

  row_state state(std::int64_t id) {
    auto c = db_->acquire();
    EXPECT_TRUE(c.ok());
    auto r = (*c)->one(
        "SELECT status, attempts, last_error, sent_at, next_attempt_at FROM notifications "
        "WHERE id = ?",
        {id});
    EXPECT_TRUE(r.ok());
    return {r->str(0), r->i64(1), r->str(2), r->opt_i64(3), r->opt_i64(4)};
  }

  notifier_options options() {
    notifier_options o;
    o.url = k_url;
    o.timeout_ms = 2000;
    o.max_attempts = 5;
    o.now = [this] { return clock_.load(); };
    o.random = [] { return 0.5; };  // no jitter
    return o;
  }

  // Waits up to 10 s for `pred`.
  template <class Pred>
  bool eventually(Pred pred) {
    for (int i = 0; i < 1000; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
  }

  std::unique_ptr<scratch_database> scratch_;
  db::database* db_ = nullptr;
  std::int64_t alert_id_ = 0;
  std::atomic<std::int64_t> clock_{T0};
};

INSTANTIATE_TEST_SUITE_P(Backends, NotifierTest, ::testing::ValuesIn(backends()),
                         [](const auto& p) { return p.param; });

TEST(NotifierBackoff, DoublesFromOneSecondUpToFiveMinutesWithJitter) {
  EXPECT_EQ(backoff_ms(1, 0.5), 1000);
  EXPECT_EQ(backoff_ms(2, 0.5), 2000);
  EXPECT_EQ(backoff_ms(3, 0.5), 4000);
  EXPECT_EQ(backoff_ms(9, 0.5), 256000);
  EXPECT_EQ(backoff_ms(10, 0.5), 300000);
  EXPECT_EQ(backoff_ms(50, 0.5), 300000);
  EXPECT_EQ(backoff_ms(1, 0.0), 800);
  EXPECT_EQ(backoff_ms(1, 0.999999), 1199);
  EXPECT_EQ(backoff_ms(50, 0.0), 240000);
  EXPECT_EQ(backoff_ms(50, 0.999999), 359999);
  EXPECT_EQ(backoff_ms(0, 0.5), 1000);  // nonsense in, the first step out
}

TEST_P(NotifierTest, DeliversThePayloadAsIsAndRecordsSent) {
  const std::string payload = R"({"level":1,"message":"王秀英 按下了 SOS"})";
  auto id = add_row(payload);
  fake_poster poster;
  notifier n(*db_, poster, options());
  auto r = n.deliver_due();
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(*r, 1u);
  auto calls = poster.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].url, k_url);
  EXPECT_EQ(calls[0].json, payload);
  EXPECT_EQ(calls[0].key, std::to_string(id));
  EXPECT_EQ(calls[0].timeout_ms, 2000);
  auto s = state(id);
  EXPECT_EQ(s.status, "sent");
  EXPECT_EQ(s.attempts, 1);
  EXPECT_EQ(s.sent_at, T0);
  EXPECT_FALSE(s.next_attempt_at);
  EXPECT_EQ(s.last_error, "");

  EXPECT_EQ(*n.deliver_due(), 0u);  // nothing twice
  EXPECT_EQ(poster.calls().size(), 1u);
  std::string m;
  n.render_metrics(m);
  EXPECT_NE(m.find("eldercare_webhook_deliveries_total{result=\"sent\"} 1\n"), std::string::npos)
      << m;
}

TEST_P(NotifierTest, RetriesWithExponentialBackoffThenSucceeds) {
  auto id = add_row("{}");
  fake_poster poster;
  std::atomic<int> fail_left{2};
  poster.respond = [&](const call&) {
    if (fail_left-- > 0) return post_result{500, "", "gateway busy"};
    return post_result{200, "", ""};
  };
  notifier n(*db_, poster, options());

  EXPECT_EQ(*n.deliver_due(), 1u);
  auto s = state(id);
  EXPECT_EQ(s.status, "pending");
  EXPECT_EQ(s.attempts, 1);
  EXPECT_EQ(s.last_error, "HTTP 500: gateway busy");
  EXPECT_EQ(s.next_attempt_at, T0 + 1000);

  clock_ = T0 + 999;  // not yet
  EXPECT_EQ(*n.deliver_due(), 0u);
  clock_ = T0 + 1000;
  EXPECT_EQ(*n.deliver_due(), 1u);
  s = state(id);
  EXPECT_EQ(s.attempts, 2);
  EXPECT_EQ(s.next_attempt_at, T0 + 1000 + 2000);

  clock_ = T0 + 2999;
  EXPECT_EQ(*n.deliver_due(), 0u);
  clock_ = T0 + 3000;
  EXPECT_EQ(*n.deliver_due(), 1u);
  s = state(id);
  EXPECT_EQ(s.status, "sent");
  EXPECT_EQ(s.attempts, 3);
  EXPECT_EQ(s.sent_at, T0 + 3000);
  EXPECT_FALSE(s.next_attempt_at);
  EXPECT_EQ(s.last_error, "HTTP 500: gateway busy");  // the last failure stays on record
  EXPECT_EQ(poster.calls().size(), 3u);
  std::string m;
  n.render_metrics(m);
  EXPECT_NE(m.find("result=\"retry\"} 2\n"), std::string::npos) << m;
  EXPECT_NE(m.find("result=\"sent\"} 1\n"), std::string::npos) << m;
}

TEST_P(NotifierTest, JitterStaysWithinTwentyPercent) {
  auto id = add_row("{}");
  fake_poster poster;
  poster.respond = [](const call&) { return post_result{503, "", ""}; };
  auto o = options();
  o.random = [] { return 0.0; };
  notifier low(*db_, poster, o);
  EXPECT_EQ(*low.deliver_due(), 1u);
  EXPECT_EQ(state(id).next_attempt_at, T0 + 800);
  EXPECT_EQ(state(id).last_error, "HTTP 503");
}

TEST_P(NotifierTest, GivesUpAfterMaxAttempts) {
  auto id = add_row("{}");
  fake_poster poster;
  poster.respond = [](const call&) {
    return post_result{0, "connection refused connecting to 127.0.0.1:9", ""};
  };
  auto o = options();
  o.max_attempts = 3;
  notifier n(*db_, poster, o);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(*n.deliver_due(), 1u) << i;
    clock_ += 600'000;  // past any back-off
  }
  auto s = state(id);
  EXPECT_EQ(s.status, "failed");
  EXPECT_EQ(s.attempts, 3);
  EXPECT_EQ(s.last_error, "connection refused connecting to 127.0.0.1:9");
  EXPECT_FALSE(s.next_attempt_at);
  EXPECT_FALSE(s.sent_at);
  EXPECT_EQ(*n.deliver_due(), 0u);
  EXPECT_EQ(poster.calls().size(), 3u);
  std::string m;
  n.render_metrics(m);
  EXPECT_NE(m.find("result=\"retry\"} 2\n"), std::string::npos) << m;
  EXPECT_NE(m.find("result=\"failed\"} 1\n"), std::string::npos) << m;
}

TEST_P(NotifierTest, EarliestDueFirstABatchAtATime) {
  auto late = add_row("late", T0 - 1000);
  auto early = add_row("early", T0 - 5000);
  auto mid = add_row("mid", T0 - 3000);
  auto later = add_row("not due", T0 + 1);
  auto unset = add_row("no time", std::nullopt);  // counts as due at once
  fake_poster poster;
  auto o = options();
  o.batch = 2;
  notifier n(*db_, poster, o);
  EXPECT_EQ(*n.deliver_due(), 4u);
  auto calls = poster.calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].key, std::to_string(unset));
  EXPECT_EQ(calls[1].key, std::to_string(early));
  EXPECT_EQ(calls[2].key, std::to_string(mid));
  EXPECT_EQ(calls[3].key, std::to_string(late));
  EXPECT_EQ(state(later).status, "pending");
  EXPECT_EQ(state(later).attempts, 0);
}

TEST_P(NotifierTest, LastErrorIsShortOneLineUtf8) {
  auto id = add_row("{}");
  fake_poster poster;
  std::string body = "line one\r\nline two ";
  for (int i = 0; i < 300; ++i) body += "错";
  body += "\xff";
  poster.respond = [&](const call&) { return post_result{502, "", body}; };
  notifier n(*db_, poster, options());
  EXPECT_EQ(*n.deliver_due(), 1u);
  auto e = state(id).last_error;
  EXPECT_TRUE(e.starts_with("HTTP 502: line one  line two 错")) << e;
  EXPECT_LE(e.size(), 300u);
  EXPECT_TRUE(text::valid_utf8(e));
  EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST_P(NotifierTest, RestartPicksUpPendingRowsAndExpiredClaims) {
  auto retrying = add_row("retrying");
  auto fresh = add_row("fresh");
  {
    fake_poster failing;
    failing.respond = [](const call&) { return post_result{500, "", ""}; };
    auto o = options();
    o.batch = 1;
    notifier first(*db_, failing, o);
    // One row attempted and failed, the other never reached: the server "stops" after one.
    auto c = db_->acquire();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(
        (*c)->exec("UPDATE notifications SET next_attempt_at = ? WHERE id = ?", {T0 + 1, fresh})
            .ok());
    EXPECT_EQ(*first.deliver_due(), 1u);
    ASSERT_TRUE(
        (*c)->exec("UPDATE notifications SET next_attempt_at = ? WHERE id = ?", {T0, fresh}).ok());
  }
  EXPECT_EQ(state(retrying).attempts, 1);
  // A row a crashed server had claimed (lease set) and perhaps sent, but never recorded.
  auto crashed = add_row("crashed", T0 + 2000 + 30'000);

  clock_ = T0 + 500;  // before the retry's back-off ends and before the lease ends
  fake_poster poster;
  notifier second(*db_, poster, options());
  ASSERT_TRUE(second.start().ok());
  ASSERT_TRUE(eventually([&] { return state(fresh).status == "sent"; }));
  EXPECT_EQ(state(retrying).status, "pending");
  EXPECT_EQ(state(crashed).status, "pending");

  clock_ = T0 + 2000 + 30'000;  // past the back-off and the lease
  second.wake();
  ASSERT_TRUE(eventually(
      [&] { return state(retrying).status == "sent" && state(crashed).status == "sent"; }));
  second.stop();
  EXPECT_EQ(state(retrying).attempts, 2);
  EXPECT_EQ(state(crashed).attempts, 1);
  EXPECT_EQ(poster.calls().size(), 3u);
}

TEST_P(NotifierTest, AClaimStopsASecondServerSendingTheSameRow) {
  auto a = add_row("a");
  auto b = add_row("b");
  auto c = add_row("c");
  // Two servers: two connection pools on one database.
  auto other_db = db::open({scratch_->url(), 2, 5000});
  fake_poster poster_one, poster_two;
  notifier one(*db_, poster_one, options());
  notifier two(*other_db, poster_two, options());
  // While server one posts its first row, server two runs: it sees the rows one has read but
  // not yet claimed, claims and sends them; one then finds them taken.
  std::atomic<bool> once{false};
  poster_one.respond = [&](const call&) {
    if (!once.exchange(true)) {
      auto r = two.deliver_due();
      EXPECT_TRUE(r.ok());
      EXPECT_EQ(*r, 2u);
    }
    return post_result{200, "", ""};
  };
  EXPECT_EQ(*one.deliver_due(), 1u);
  auto k1 = poster_one.calls();
  auto k2 = poster_two.calls();
  ASSERT_EQ(k1.size(), 1u);
  ASSERT_EQ(k2.size(), 2u);
  EXPECT_EQ(k1[0].key, std::to_string(a));
  EXPECT_EQ(k2[0].key, std::to_string(b));
  EXPECT_EQ(k2[1].key, std::to_string(c));
  for (auto id : {a, b, c}) EXPECT_EQ(state(id).status, "sent");
  std::string m;
  one.render_metrics(m);
  EXPECT_NE(m.find("eldercare_webhook_claims_lost_total 2\n"), std::string::npos) << m;
}

TEST_P(NotifierTest, TwoServersRacingSendEachRowOnce) {
  std::vector<std::int64_t> ids;
  ids.reserve(40);
  for (int i = 0; i < 40; ++i) ids.push_back(add_row("{\"n\":" + std::to_string(i) + "}"));
  auto other_db = db::open({scratch_->url(), 2, 5000});
  fake_poster p1, p2;
  auto slow = [](const call&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return post_result{200, "", ""};
  };
  p1.respond = slow;
  p2.respond = slow;
  auto o = options();
  o.batch = 8;
  notifier one(*db_, p1, o), two(*other_db, p2, o);
  std::thread t1([&] { EXPECT_TRUE(one.deliver_due().ok()); });
  std::thread t2([&] { EXPECT_TRUE(two.deliver_due().ok()); });
  t1.join();
  t2.join();
  std::map<std::string, int> sent;
  for (const auto& c : p1.calls()) ++sent[c.key];
  for (const auto& c : p2.calls()) ++sent[c.key];
  EXPECT_EQ(sent.size(), ids.size());
  for (const auto& [key, times] : sent) EXPECT_EQ(times, 1) << key;
  for (auto id : ids) EXPECT_EQ(state(id).status, "sent") << id;
}

TEST_P(NotifierTest, StopFinishesTheCurrentPostThenReturns) {
  auto first = add_row("first");
  auto second = add_row("second");
  fake_poster poster;
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  poster.respond = [&](const call&) {
    {
      std::lock_guard g(mu);
      entered = true;
    }
    cv.notify_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return post_result{200, "", ""};
  };
  notifier n(*db_, poster, options());
  ASSERT_TRUE(n.start().ok());
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(10), [&] { return entered; }));
  }
  auto t0 = std::chrono::steady_clock::now();
  n.stop();
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(took, std::chrono::milliseconds(200));
  EXPECT_EQ(state(first).status, "sent");  // the POST in flight was finished and recorded
  EXPECT_EQ(state(second).status, "pending");
  EXPECT_EQ(state(second).attempts, 0);
  EXPECT_EQ(poster.calls().size(), 1u);
  n.stop();  // idempotent
}

TEST_P(NotifierTest, WakeDeliversNewRowsPromptly) {
  fake_poster poster;
  auto o = options();
  o.poll_ms = 60'000;
  notifier n(*db_, poster, o);
  ASSERT_TRUE(n.start().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the thread is asleep
  auto id = add_row("{}");
  auto t0 = std::chrono::steady_clock::now();
  n.wake();
  ASSERT_TRUE(eventually([&] { return state(id).status == "sent"; }));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  n.stop();
}

TEST_P(NotifierTest, WithoutAUrlItDoesNothing) {
  auto id = add_row("{}");
  fake_poster poster;
  auto o = options();
  o.url = "";
  notifier n(*db_, poster, o);
  ASSERT_TRUE(n.start().ok());
  n.wake();
  EXPECT_EQ(*n.deliver_due(), 0u);
  n.stop();
  EXPECT_TRUE(poster.calls().empty());
  EXPECT_EQ(state(id).status, "pending");
}

TEST_P(NotifierTest, StartTakesHttpsAndRejectsOtherSchemes) {
  fake_poster poster;
  auto o = options();
  o.url = "https://sms.example.com/send";
  notifier tls(*db_, poster, o);
  ASSERT_TRUE(tls.start().ok());
  tls.stop();

  o.url = "ftp://sms.example.com/send";
  notifier n(*db_, poster, o);
  auto s = n.start();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.err().field, "monitoring.webhook_url");
  EXPECT_NE(s.err().message.find("must start with https:// or http://"), std::string::npos);
}

TEST(NotifierOptions, FromConfig) {
  config cfg;
  cfg.webhook_url = "http://127.0.0.1:8090/hook";
  cfg.webhook_timeout_ms = 1500;
  cfg.webhook_max_attempts = 4;
  auto o = notifier_options::from(cfg);
  EXPECT_EQ(o.url, cfg.webhook_url);
  EXPECT_EQ(o.timeout_ms, 1500);
  EXPECT_EQ(o.max_attempts, 4);
}

}  // namespace
}  // namespace ec::monitoring
