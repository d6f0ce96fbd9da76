// The writer's queue (work_queue.hpp): the urgent lane is taken first and alone, one HTTP
// request's events stay together, dead letters have their own cap, control items are never
// refused, and close() ends producers and, once drained, the writer.
#include "modules/monitoring/work_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace ec::monitoring {
namespace {

using namespace std::chrono_literals;

ev_item ev(event_kind k, std::string id) {
  ev_item e;
  e.event_id = std::move(id);
  e.ev.kind = k;
  return e;
}

std::string id_of(const work& w) {
  if (auto* e = std::get_if<ev_item>(&w)) return e->event_id;
  if (auto* d = std::get_if<dead_item>(&w)) return "dead:" + d->reason;
  if (std::holds_alternative<reload_settings_item>(w)) return "reload";
  return "?";
}

std::vector<std::string> ids(const std::vector<work>& batch) {
  std::vector<std::string> out;
  for (const auto& w : batch) out.push_back(id_of(w));
  return out;
}

TEST(WorkQueue, UrgentLaneFirstAndAlone) {
  work_queue q;
  ASSERT_TRUE(q.push(ev(event_kind::heartbeat, "h1")));
  ASSERT_TRUE(q.push(ev(event_kind::motion, "m1")));
  ASSERT_TRUE(q.push(ev(event_kind::sos, "s1")));
  ASSERT_TRUE(q.push(ev(event_kind::fall, "f1")));
  EXPECT_EQ(q.depth(), 4u);
  auto first = q.take(0ms);
  ASSERT_TRUE(first);
  EXPECT_EQ(ids(*first), (std::vector<std::string>{"s1", "f1"}));
  auto second = q.take(0ms);
  ASSERT_TRUE(second);
  EXPECT_EQ(ids(*second), (std::vector<std::string>{"h1", "m1"}));
  auto none = q.take(0ms);
  ASSERT_TRUE(none);  // a timeout: an empty batch, not the end
  EXPECT_TRUE(none->empty());
}

TEST(WorkQueue, ARequestStaysTogetherInTheLaneOfItsMostUrgentEvent) {
  work_queue q;
  ASSERT_TRUE(q.push(ev(event_kind::heartbeat, "before")));
  std::vector<ev_item> req;
  req.push_back(ev(event_kind::heartbeat, "r1"));
  req.push_back(ev(event_kind::smoke, "r2"));
  ASSERT_TRUE(q.push_request(std::move(req)));
  auto first = q.take(0ms);
  ASSERT_TRUE(first);
  EXPECT_EQ(ids(*first), (std::vector<std::string>{"r1", "r2"}));
}

TEST(WorkQueue, DeadLettersHaveTheirOwnCap) {
  work_queue q;
  for (std::size_t i = 0; i < k_dead_letter_queue_max; ++i)
    ASSERT_TRUE(q.push_dead({"http", "", "", "malformed", "", "", 0})) << i;
  EXPECT_FALSE(q.push_dead({"http", "", "", "malformed", "", "", 0}));  // dropped
  EXPECT_TRUE(q.push(ev(event_kind::heartbeat, "h")));                  // events still go in
  while (auto b = q.take(0ms)) {
    if (b->empty()) break;
  }
  EXPECT_EQ(q.depth(), 0u);
  EXPECT_TRUE(q.push_dead({"http", "", "", "malformed", "", "", 0}));  // room again
}

TEST(WorkQueue, CloseStopsProducersAndTheWriterAfterTheDrain) {
  work_queue q;
  ASSERT_TRUE(q.push(ev(event_kind::heartbeat, "h")));
  q.close();
  EXPECT_TRUE(q.closed());
  EXPECT_FALSE(q.push(ev(event_kind::sos, "late")));
  EXPECT_FALSE(q.push_request({ev(event_kind::sos, "late2")}));
  EXPECT_FALSE(q.push_dead({"mqtt", "", "", "malformed", "", "", 0}));
  q.push_control(reload_settings_item{});  // control items are still taken
  auto rest = q.take(0ms);
  ASSERT_TRUE(rest);
  EXPECT_EQ(ids(*rest), (std::vector<std::string>{"h", "reload"}));
  EXPECT_FALSE(q.take(0ms));  // closed and empty: the writer ends
}

TEST(WorkQueue, ABlockedProducerIsReleasedByClose) {
  work_queue q;
  for (std::size_t i = 0; i < k_queue_max; ++i) ASSERT_TRUE(q.push(ev(event_kind::motion, "m")));
  std::atomic<int> result{-1};
  std::thread producer([&] { result = q.push(ev(event_kind::motion, "blocked")) ? 1 : 0; });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(result.load(), -1);  // waiting for room
  q.close();
  producer.join();
  EXPECT_EQ(result.load(), 0);
}

TEST(WorkQueue, TakeWakesForNewWork) {
  work_queue q;
  std::thread producer([&] {
    std::this_thread::sleep_for(30ms);
    q.push(ev(event_kind::sos, "s"));
  });
  auto t0 = std::chrono::steady_clock::now();
  auto b = q.take(5s);
  producer.join();
  ASSERT_TRUE(b);
  EXPECT_EQ(ids(*b), (std::vector<std::string>{"s"}));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 4s);
}

}  // namespace
}  // namespace ec::monitoring
