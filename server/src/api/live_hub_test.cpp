#include "api/live_hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

namespace ec::api {
namespace {

using namespace std::chrono_literals;

sys::principal user(std::string scope, std::string path = "", std::string token = "t") {
  sys::principal p;
  p.user_id = 7;
  p.data_scope = std::move(scope);
  p.org_path = std::move(path);
  p.token_hash = std::move(token);
  return p;
}

std::shared_ptr<const std::string> msg(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

// What net/ does with a peer, without a socket: counts wake-ups and drains the queue.
struct fake_socket {
  std::shared_ptr<socket_peer> peer;
  std::atomic<int> wakes{0};

  explicit fake_socket(std::shared_ptr<socket_peer> p) : peer(std::move(p)) {
    peer->opened([this] { ++wakes; });
  }
  ~fake_socket() { peer->closed(); }  // as net/ does when the socket goes
  fake_socket(const fake_socket&) = delete;
  fake_socket& operator=(const fake_socket&) = delete;
  outbox drain() {
    outbox ob;
    peer->take(ob);
    return ob;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> out;
    for (const auto& m : drain().messages) out.push_back(*m);
    return out;
  }
};

live_hub::session_check all_valid() {
  return [](const std::vector<std::string>& h) -> result<std::vector<std::string>> { return h; };
}

live_hub::options no_thread(std::size_t limit = 256) {
  live_hub::options o;
  o.queue_limit = limit;
  o.recheck = 0ms;
  return o;
}

TEST(LiveHub, GreetsAndCountsConnections) {
  live_hub hub(all_valid(), no_thread());
  auto peer = hub.connect_with_elders(user("all"), {});
  EXPECT_EQ(hub.connections(), 0u);  // joins when the socket is open
  fake_socket s(peer);
  EXPECT_EQ(hub.connections(), 1u);
  EXPECT_GE(s.wakes.load(), 1);
  EXPECT_EQ(s.texts(), std::vector<std::string>{R"({"type":"hello"})"});
  peer->closed();
  EXPECT_EQ(hub.connections(), 0u);
  peer->closed();  // idempotent
  EXPECT_EQ(hub.connections(), 0u);
}

TEST(LiveHub, PublishesByScope) {
  live_hub hub(all_valid(), no_thread());
  fake_socket street(hub.connect_with_elders(user("all"), {}));
  fake_socket guanzhuang(hub.connect_with_elders(user("unit_tree", "/1/4/"), {}));
  fake_socket other(hub.connect_with_elders(user("unit_tree", "/1/40/"), {}));
  fake_socket family(hub.connect_with_elders(user("self"), {31, 5}));
  for (auto* s : {&street, &guanzhuang, &other, &family}) s->drain();  // the hellos

  auto m = msg(R"({"type":"alert"})");
  // Elder 31 in /1/4/17/: the street, 官庄社区 and the linked family member.
  EXPECT_EQ(hub.publish({"/1/4/17/", 31}, m), 3u);
  // Elder 99 in /1/40/2/: /1/4/ is not a prefix of /1/40/ (paths end with '/').
  EXPECT_EQ(hub.publish({"/1/40/2/", 99}, m), 2u);
  EXPECT_EQ(street.texts().size(), 2u);
  EXPECT_EQ(guanzhuang.texts().size(), 1u);
  EXPECT_EQ(other.texts().size(), 1u);
  auto fam = family.drain();
  ASSERT_EQ(fam.messages.size(), 1u);
  EXPECT_EQ(fam.messages[0].get(), m.get());  // the same shared text, not a copy
}

TEST(LiveHub, LinkedEldersAreReloadedAtEachRecheck) {
  live_hub hub(all_valid(), no_thread());
  std::vector<std::int64_t> linked{31};
  int loads = 0;
  hub.set_links_loader([&](std::int64_t user_id) -> result<std::vector<std::int64_t>> {
    EXPECT_EQ(user_id, 7);
    ++loads;
    return linked;
  });
  auto peer = hub.connect(user("self"));
  ASSERT_TRUE(peer);
  fake_socket family(*peer);
  fake_socket street(*hub.connect(user("all")));
  EXPECT_EQ(loads, 1);  // only the `self` connection loads its links
  family.drain();
  street.drain();
  auto m = msg(R"({"type":"alert"})");
  EXPECT_EQ(hub.publish({"/1/4/17/", 32}, m), 1u);  // not linked yet
  // The user is linked to elder 32 and unlinked from 31 while the board is open.
  linked = {32};
  hub.recheck_sessions();
  EXPECT_EQ(loads, 2);
  EXPECT_EQ(hub.publish({"/1/4/17/", 32}, m), 2u);
  EXPECT_EQ(hub.publish({"/1/4/17/", 31}, m), 1u);
  EXPECT_EQ(family.texts().size(), 1u);
  // A failing load keeps what the connection had.
  hub.set_links_loader([](std::int64_t) -> result<std::vector<std::int64_t>> {
    return error::make(errc::unavailable, "db.busy", "busy");
  });
  hub.recheck_sessions();
  EXPECT_EQ(hub.publish({"/1/4/17/", 32}, m), 2u);
}

TEST(LiveHub, FullQueueClosesTheConnection) {
  live_hub hub(all_valid(), no_thread(3));
  fake_socket slow(hub.connect_with_elders(user("all"), {}));
  fake_socket fast(hub.connect_with_elders(user("all"), {}));
  fast.drain();
  // slow still holds its hello: two more fit, the third overflows.
  EXPECT_EQ(hub.publish({"/1/", 1}, msg("a")), 2u);
  fast.drain();
  EXPECT_EQ(hub.publish({"/1/", 1}, msg("b")), 2u);
  fast.drain();
  EXPECT_EQ(hub.publish({"/1/", 1}, msg("c")), 1u);  // slow overflows here
  auto ob = slow.drain();
  EXPECT_TRUE(ob.close);
  EXPECT_EQ(ob.close_code, 1013);
  EXPECT_TRUE(ob.messages.empty());
  EXPECT_EQ(fast.texts(), std::vector<std::string>{"c"});
  EXPECT_EQ(hub.publish({"/1/", 1}, msg("d")), 1u);  // a closing connection gets nothing
  std::string m;
  hub.render_metrics(m);
  EXPECT_NE(m.find("eldercare_live_closed_total{reason=\"queue_full\"} 1"), std::string::npos) << m;
  slow.peer->closed();
  EXPECT_EQ(hub.connections(), 1u);
}

TEST(LiveHub, SignOutClosesThatSessionOnly) {
  live_hub hub(all_valid(), no_thread());
  fake_socket a(hub.connect_with_elders(user("all", "", "session-a"), {}));
  fake_socket b(hub.connect_with_elders(user("all", "", "session-b"), {}));
  a.drain();
  b.drain();
  int before = a.wakes.load();
  hub.session_ended("session-a");
  EXPECT_GT(a.wakes.load(), before);
  auto ob = a.drain();
  EXPECT_TRUE(ob.close);
  EXPECT_EQ(ob.close_code, 1008);
  EXPECT_FALSE(b.drain().close);
}

// A user changed by an administrator (role, unit, active flag, password): every socket of that
// user closes, optionally except the session that made the change; others stay.
TEST(LiveHub, UserChangeClosesThatUsersSockets) {
  live_hub hub(all_valid(), no_thread());
  auto other = user("all", "", "session-c");
  other.user_id = 8;
  fake_socket a(hub.connect_with_elders(user("unit_tree", "/1/4/", "session-a"), {}));
  fake_socket b(hub.connect_with_elders(user("unit_tree", "/1/4/", "session-b"), {}));
  fake_socket c(hub.connect_with_elders(other, {}));
  a.drain();
  b.drain();
  c.drain();
  EXPECT_EQ(hub.close_user(7, "session-b"), 1u);  // own password change: other sessions
  auto ob = a.drain();
  EXPECT_TRUE(ob.close);
  EXPECT_EQ(ob.close_code, 1008);
  EXPECT_EQ(ob.close_reason, "user changed");
  EXPECT_FALSE(b.drain().close);
  EXPECT_EQ(hub.close_user(7), 1u);  // a is closing already: only b
  EXPECT_TRUE(b.drain().close);
  EXPECT_FALSE(c.drain().close);
  EXPECT_EQ(hub.close_user(99), 0u);
  std::string metrics;
  hub.render_metrics(metrics);
  EXPECT_NE(metrics.find(R"(eldercare_live_closed_total{reason="user_changed"} 2)"),
            std::string::npos)
      << metrics;
}

TEST(LiveHub, RoleChangeClosesItsHoldersSockets) {
  live_hub hub(all_valid(), no_thread());
  auto staff = user("unit_tree", "/1/4/", "s1");
  staff.role_code = "community_staff";
  auto staff2 = staff;
  staff2.user_id = 9;
  staff2.token_hash = "s2";
  auto admin = user("all", "", "s3");
  admin.role_code = "street_admin";
  fake_socket a(hub.connect_with_elders(staff, {}));
  fake_socket b(hub.connect_with_elders(staff2, {}));
  fake_socket c(hub.connect_with_elders(admin, {}));
  a.drain();
  b.drain();
  c.drain();
  EXPECT_EQ(hub.close_role("community_staff"), 2u);
  EXPECT_TRUE(a.drain().close);
  EXPECT_TRUE(b.drain().close);
  EXPECT_FALSE(c.drain().close);
}

// A change the hub was not told about (another node, the command line): the periodic check
// compares each connection's role and unit with the user's current ones.
TEST(LiveHub, RecheckClosesConnectionsWhoseUserChangedElsewhere) {
  live_hub hub(all_valid(), no_thread());
  std::map<std::int64_t, live_hub::user_scope> now;
  bool fail = false;
  hub.set_scope_loader([&](std::int64_t id) -> result<std::optional<live_hub::user_scope>> {
    if (fail) return error::make(errc::unavailable, "db.busy", "busy");
    auto it = now.find(id);
    if (it == now.end()) return std::optional<live_hub::user_scope>();
    return std::optional<live_hub::user_scope>(it->second);
  });
  auto staff = user("unit_tree", "/1/4/", "s1");
  staff.role_code = "community_staff";
  auto moved = staff;
  moved.user_id = 8;
  moved.token_hash = "s2";
  auto gone = staff;
  gone.user_id = 9;
  gone.token_hash = "s3";
  now[7] = {"community_staff", "/1/4/"};
  now[8] = {"community_staff", "/1/4/"};
  fake_socket a(hub.connect_with_elders(staff, {}));
  fake_socket b(hub.connect_with_elders(moved, {}));
  fake_socket c(hub.connect_with_elders(gone, {}));
  a.drain();
  b.drain();
  c.drain();
  now[8] = {"community_staff", "/1/5/"};  // moved to another community
  fail = true;                            // a failing read closes nothing
  hub.recheck_sessions();
  EXPECT_FALSE(b.drain().close);
  fail = false;
  hub.recheck_sessions();
  EXPECT_FALSE(a.drain().close);
  auto ob = b.drain();
  EXPECT_TRUE(ob.close);
  EXPECT_EQ(ob.close_reason, "user changed");
  EXPECT_TRUE(c.drain().close);     // the user no longer exists
  now[7] = {"volunteer", "/1/4/"};  // a new role
  hub.recheck_sessions();
  EXPECT_TRUE(a.drain().close);
}

TEST(LiveHub, RecheckClosesRevokedSessions) {
  std::set<std::string> valid = {"keep"};
  bool fail = false;
  live_hub hub(
      [&](const std::vector<std::string>& hashes) -> result<std::vector<std::string>> {
        if (fail) return error::make(errc::unavailable, "db.busy", "busy");
        std::vector<std::string> out;
        for (const auto& h : hashes)
          if (valid.contains(h)) out.push_back(h);
        return out;
      },
      no_thread());
  fake_socket keep(hub.connect_with_elders(user("all", "", "keep"), {}));
  fake_socket drop(hub.connect_with_elders(user("all", "", "drop"), {}));
  keep.drain();
  drop.drain();
  fail = true;  // a failing check closes nobody
  hub.recheck_sessions();
  EXPECT_FALSE(drop.drain().close);
  fail = false;
  hub.recheck_sessions();
  EXPECT_TRUE(drop.drain().close);
  EXPECT_FALSE(keep.drain().close);
}

TEST(LiveHub, BackgroundRecheckRuns) {
  std::atomic<int> calls{0};
  live_hub::options o;
  o.recheck = 10ms;
  live_hub hub(
      [&](const std::vector<std::string>&) -> result<std::vector<std::string>> {
        ++calls;
        return std::vector<std::string>{};
      },
      o);
  fake_socket s(hub.connect_with_elders(user("all"), {}));
  for (int i = 0; i < 500 && calls.load() == 0; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_GT(calls.load(), 0);
  for (int i = 0; i < 500; ++i) {
    if (s.drain().close) return;
    std::this_thread::sleep_for(5ms);
  }
  ADD_FAILURE() << "the revoked session was not closed";
}

TEST(LiveHub, PublishFromManyThreads) {
  live_hub hub(all_valid(), no_thread(100000));
  fake_socket s(hub.connect_with_elders(user("all"), {}));
  s.drain();
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) hub.publish({"/1/", 1}, msg("x"));
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(s.drain().messages.size(), 4000u);
  std::string m;
  hub.render_metrics(m);
  EXPECT_NE(m.find("eldercare_live_connections 1"), std::string::npos);
  EXPECT_NE(m.find("eldercare_live_messages_total 4000"), std::string::npos);
}

TEST(LiveHub, CloseAllAtShutdown) {
  live_hub hub(all_valid(), no_thread());
  fake_socket a(hub.connect_with_elders(user("all"), {}));
  hub.close_all(1001, "server stopping");
  auto ob = a.drain();
  EXPECT_TRUE(ob.close);
  EXPECT_EQ(ob.close_code, 1001);
}

}  // namespace
}  // namespace ec::api
