#include "api/live_hub.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/timeutil.hpp"

namespace ec::api {

namespace {

// {"type":"hello"}, the first message of every connection (the board then re-reads).
const std::shared_ptr<const std::string>& hello_message() {
  static const auto m = std::make_shared<const std::string>(R"({"type":"hello"})");
  return m;
}

}  // namespace

class live_connection;

struct live_hub::state {
  options opts;
  session_check check;
  links_loader links;   // may be empty: scope `self` then keeps what it had at connect
  scope_loader scopes;  // may be empty: role and unit changes then close nothing here
  mutable std::mutex mu;
  std::map<std::uint64_t, std::shared_ptr<live_connection>> conns;  // open (opened, not closed)
  std::uint64_t next_id = 1;
  std::atomic<std::uint64_t> messages{0};
  std::atomic<std::uint64_t> opened{0};
  std::atomic<std::uint64_t> closed_queue_full{0};
  std::atomic<std::uint64_t> closed_session{0};
  std::atomic<std::uint64_t> closed_user_changed{0};

  // The session re-check thread.
  std::mutex thread_mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread thread;

  void add(const std::shared_ptr<live_connection>& c);
  void remove(std::uint64_t id);
};

// One WebSocket's queue and its audience filter (fixed at connect).
class live_connection : public socket_peer, public std::enable_shared_from_this<live_connection> {
 public:
  live_connection(std::weak_ptr<live_hub::state> hub, std::uint64_t id, const sys::principal& who,
                  std::vector<std::int64_t> elders, std::size_t limit)
      : hub_(std::move(hub)),
        id_(id),
        user_id_(who.user_id),
        role_code_(who.role_code),
        scope_(who.data_scope),
        org_path_(who.org_path),
        token_hash_(who.token_hash),
        elders_(std::move(elders)),
        limit_(limit) {
    std::sort(elders_.begin(), elders_.end());
    queue_.push_back(hello_message());
  }

  std::uint64_t id() const { return id_; }
  const std::string& token_hash() const { return token_hash_; }
  std::int64_t user_id() const { return user_id_; }
  const std::string& role_code() const { return role_code_; }
  const std::string& org_path() const { return org_path_; }
  bool linked_only() const { return scope_ != "all" && scope_ != "unit_tree"; }
  // The user's linked elders again (scope `self`); the caller holds the hub's lock, as
  // publish() does when it calls sees().
  void set_elders(std::vector<std::int64_t> elders) {
    std::sort(elders.begin(), elders.end());
    elders_ = std::move(elders);
  }

  bool sees(const audience& a) const {
    if (scope_ == "all") return true;
    if (scope_ == "unit_tree") return !org_path_.empty() && a.org_path.starts_with(org_path_);
    return std::binary_search(elders_.begin(), elders_.end(), a.elder_id);
  }

  // Queues `m`; false if the connection is closing (or now closes because it is full).
  bool push(const std::shared_ptr<const std::string>& m) {
    std::function<void()> wake;
    bool ok = true;
    {
      std::lock_guard g(mu_);
      if (closing_ || gone_) return false;
      if (queue_.size() >= limit_) {
        closing_ = true;
        code_ = 1013;  // try again later: the client reconnects and re-reads
        reason_ = "queue full";
        queue_.clear();
        ok = false;
        if (auto h = hub_.lock()) h->closed_queue_full.fetch_add(1);
      } else {
        queue_.push_back(m);
      }
      wake = wake_;
    }
    if (wake) wake();
    return ok;
  }

  // Asks net/ to close the socket with `code`; false if it was closing already.
  bool close(std::uint16_t code, const std::string& reason) {
    std::function<void()> wake;
    {
      std::lock_guard g(mu_);
      if (closing_ || gone_) return false;
      closing_ = true;
      code_ = code;
      reason_ = reason;
      queue_.clear();
      wake = wake_;
    }
    if (wake) wake();
    return true;
  }

  void opened(std::function<void()> wake) override {
    {
      std::lock_guard g(mu_);
      if (gone_) return;
      wake_ = std::move(wake);
    }
    if (auto h = hub_.lock()) h->add(shared_from_this());
    std::function<void()> w;
    {
      std::lock_guard g(mu_);
      w = wake_;
    }
    if (w) w();  // the hello
  }

  void take(outbox& out) override {
    std::lock_guard g(mu_);
    if (closing_) {
      out.close = true;
      out.close_code = code_;
      out.close_reason = reason_;
      return;
    }
    out.messages.assign(std::make_move_iterator(queue_.begin()),
                        std::make_move_iterator(queue_.end()));
    queue_.clear();
  }

  void closed() override {
    {
      std::lock_guard g(mu_);
      if (gone_) return;
      gone_ = true;
      wake_ = nullptr;
      queue_.clear();
    }
    if (auto h = hub_.lock()) h->remove(id_);
  }

 private:
  std::weak_ptr<live_hub::state> hub_;
  const std::uint64_t id_;
  const std::int64_t user_id_;
  const std::string role_code_;
  const std::string scope_;
  const std::string org_path_;
  const std::string token_hash_;
  std::vector<std::int64_t> elders_;  // sorted; scope `self`; under the hub's lock
  const std::size_t limit_;

  std::mutex mu_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::function<void()> wake_;
  bool closing_ = false;
  bool gone_ = false;
  std::uint16_t code_ = 1000;
  std::string reason_;
};

void live_hub::state::add(const std::shared_ptr<live_connection>& c) {
  std::lock_guard g(mu);
  conns.emplace(c->id(), c);
  opened.fetch_add(1);
}

void live_hub::state::remove(std::uint64_t id) {
  std::shared_ptr<live_connection> gone;  // released outside the lock
  std::lock_guard g(mu);
  auto it = conns.find(id);
  if (it == conns.end()) return;
  gone = std::move(it->second);
  conns.erase(it);
}

namespace {

void start_thread(const std::shared_ptr<live_hub::state>& st, live_hub* hub) {
  if (st->opts.recheck.count() <= 0) return;
  st->thread = std::thread([st, hub] {
    std::unique_lock lk(st->thread_mu);
    while (!st->stopping) {
      st->cv.wait_for(lk, st->opts.recheck, [&] { return st->stopping; });
      if (st->stopping) break;
      lk.unlock();
      hub->recheck_sessions();
      lk.lock();
    }
  });
}

}  // namespace

live_hub::live_hub(db::database& db, options opts) : st_(std::make_shared<state>()), db_(&db) {
  st_->opts = opts;
  st_->check = [&db](const std::vector<std::string>& hashes) -> result<std::vector<std::string>> {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    std::vector<std::string> valid;
    auto now = timeutil::now_unix_ms();
    for (const auto& h : hashes) {
      auto r = (*c)->maybe_one(
          "SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id "
          "WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires_at > ? AND u.active = 1",
          {h, now});
      if (!r) return std::move(r).err();
      if (*r) valid.push_back(h);
    }
    return valid;
  };
  st_->links = [&db](std::int64_t user_id) -> result<std::vector<std::int64_t>> {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    auto rows = (*c)->query("SELECT elder_id FROM user_elder_links WHERE user_id = ?", {user_id});
    if (!rows) return std::move(rows).err();
    std::vector<std::int64_t> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) out.push_back(r.i64(0));
    return out;
  };
  st_->scopes = [&db](std::int64_t user_id) -> result<std::optional<user_scope>> {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    auto r = (*c)->maybe_one(
        "SELECT u.role_code, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id "
        "WHERE u.id = ?",
        {user_id});
    if (!r) return std::move(r).err();
    if (!*r) return std::optional<user_scope>();
    return std::optional<user_scope>(user_scope{(*r)->str(0), (*r)->str(1)});
  };
  start_thread(st_, this);
}

void live_hub::set_links_loader(links_loader loader) {
  std::lock_guard g(st_->mu);
  st_->links = std::move(loader);
}

void live_hub::set_scope_loader(scope_loader loader) {
  std::lock_guard g(st_->mu);
  st_->scopes = std::move(loader);
}

live_hub::live_hub(session_check check, options opts) : st_(std::make_shared<state>()) {
  st_->opts = opts;
  st_->check = std::move(check);
  start_thread(st_, this);
}

live_hub::~live_hub() {
  {
    std::lock_guard g(st_->thread_mu);
    st_->stopping = true;
  }
  st_->cv.notify_all();
  if (st_->thread.joinable()) st_->thread.join();
  close_all(1001, "server stopping");
}

result<std::shared_ptr<socket_peer>> live_hub::connect(const sys::principal& who) {
  std::vector<std::int64_t> elders;
  if (who.data_scope != "all" && who.data_scope != "unit_tree") {
    links_loader load;
    {
      std::lock_guard g(st_->mu);
      load = st_->links;
    }
    if (!load)
      return error::make(errc::internal, "live.no_database", "no database to load the scope");
    auto linked = load(who.user_id);
    if (!linked) return std::move(linked).err();
    elders = std::move(*linked);
  }
  return connect_with_elders(who, std::move(elders));
}

std::shared_ptr<socket_peer> live_hub::connect_with_elders(const sys::principal& who,
                                                           std::vector<std::int64_t> elder_ids) {
  std::uint64_t id = 0;
  {
    std::lock_guard g(st_->mu);
    id = st_->next_id++;
  }
  return std::make_shared<live_connection>(st_, id, who, std::move(elder_ids),
                                           st_->opts.queue_limit);
}

std::size_t live_hub::publish(const audience& who, std::shared_ptr<const std::string> message) {
  std::vector<std::shared_ptr<live_connection>> to;
  {
    std::lock_guard g(st_->mu);
    to.reserve(st_->conns.size());
    for (const auto& [id, c] : st_->conns)
      if (c->sees(who)) to.push_back(c);
  }
  std::size_t n = 0;
  for (const auto& c : to)
    if (c->push(message)) ++n;
  st_->messages.fetch_add(n);
  return n;
}

std::size_t live_hub::broadcast(std::shared_ptr<const std::string> message) {
  std::vector<std::shared_ptr<live_connection>> to;
  {
    std::lock_guard g(st_->mu);
    to.reserve(st_->conns.size());
    for (const auto& [id, c] : st_->conns) to.push_back(c);
  }
  std::size_t n = 0;
  for (const auto& c : to)
    if (c->push(message)) ++n;
  st_->messages.fetch_add(n);
  return n;
}

void live_hub::session_ended(const std::string& token_hash) {
  std::vector<std::shared_ptr<live_connection>> to;
  {
    std::lock_guard g(st_->mu);
    for (const auto& [id, c] : st_->conns)
      if (c->token_hash() == token_hash) to.push_back(c);
  }
  for (const auto& c : to) c->close(1008, "session ended");
  st_->closed_session.fetch_add(to.size());
}

std::size_t live_hub::close_user(std::int64_t user_id, const std::string& keep_token_hash) {
  std::vector<std::shared_ptr<live_connection>> to;
  {
    std::lock_guard g(st_->mu);
    for (const auto& [id, c] : st_->conns)
      if (c->user_id() == user_id &&
          (keep_token_hash.empty() || c->token_hash() != keep_token_hash))
        to.push_back(c);
  }
  std::size_t n = 0;
  for (const auto& c : to)
    if (c->close(1008, "user changed")) ++n;
  st_->closed_user_changed.fetch_add(n);
  return n;
}

std::size_t live_hub::close_role(const std::string& role_code) {
  std::vector<std::shared_ptr<live_connection>> to;
  {
    std::lock_guard g(st_->mu);
    for (const auto& [id, c] : st_->conns)
      if (c->role_code() == role_code) to.push_back(c);
  }
  std::size_t n = 0;
  for (const auto& c : to)
    if (c->close(1008, "role changed")) ++n;
  st_->closed_user_changed.fetch_add(n);
  return n;
}

void live_hub::recheck_sessions() {
  std::vector<std::shared_ptr<live_connection>> all;
  {
    std::lock_guard g(st_->mu);
    for (const auto& [id, c] : st_->conns) all.push_back(c);
  }
  if (all.empty()) return;
  std::set<std::string> hashes;
  for (const auto& c : all) hashes.insert(c->token_hash());
  auto valid = st_->check(std::vector<std::string>(hashes.begin(), hashes.end()));
  if (!valid) {
    // A database hiccup is no reason to cut everyone off; try again next time.
    spdlog::warn("live feed: session check failed: {}", valid.err().message);
    return;
  }
  std::set<std::string> ok(valid->begin(), valid->end());
  std::size_t n = 0;
  for (const auto& c : all)
    if (!ok.contains(c->token_hash())) {
      c->close(1008, "session ended");
      ++n;
    }
  st_->closed_session.fetch_add(n);
  close_changed_users(all);
  refresh_links(all);
}

std::size_t live_hub::close_changed_users(
    const std::vector<std::shared_ptr<live_connection>>& all) {
  scope_loader load;
  {
    std::lock_guard g(st_->mu);
    load = st_->scopes;
  }
  if (!load) return 0;
  std::map<std::int64_t, std::optional<user_scope>> by_user;
  for (const auto& c : all)
    if (!by_user.contains(c->user_id())) {
      auto s = load(c->user_id());
      if (!s) {
        spdlog::warn("live feed: reading a user's role and unit failed: {}", s.err().message);
        return 0;
      }
      by_user.emplace(c->user_id(), std::move(*s));
    }
  std::size_t n = 0;
  for (const auto& c : all) {
    const auto& now = by_user.at(c->user_id());
    if (!now || now->role_code != c->role_code() || now->org_path != c->org_path())
      if (c->close(1008, "user changed")) ++n;
  }
  st_->closed_user_changed.fetch_add(n);
  return n;
}

void live_hub::refresh_links(const std::vector<std::shared_ptr<live_connection>>& all) {
  links_loader load;
  {
    std::lock_guard g(st_->mu);
    load = st_->links;
  }
  if (!load) return;
  std::map<std::int64_t, std::vector<std::int64_t>> by_user;
  for (const auto& c : all)
    if (c->linked_only() && !by_user.contains(c->user_id())) {
      auto linked = load(c->user_id());
      if (!linked) {
        spdlog::warn("live feed: reloading linked elders failed: {}", linked.err().message);
        return;
      }
      by_user.emplace(c->user_id(), std::move(*linked));
    }
  std::lock_guard g(st_->mu);
  for (const auto& c : all)
    if (auto it = by_user.find(c->user_id()); c->linked_only() && it != by_user.end())
      c->set_elders(it->second);
}

void live_hub::close_all(std::uint16_t code, const std::string& reason) {
  std::vector<std::shared_ptr<live_connection>> all;
  {
    std::lock_guard g(st_->mu);
    for (const auto& [id, c] : st_->conns) all.push_back(c);
  }
  for (const auto& c : all) c->close(code, reason);
}

std::size_t live_hub::connections() const {
  std::lock_guard g(st_->mu);
  return st_->conns.size();
}

void live_hub::render_metrics(std::string& out) const {
  out += "# HELP eldercare_live_connections Open WebSocket connections of the live feed.\n";
  out += "# TYPE eldercare_live_connections gauge\n";
  out += fmt::format("eldercare_live_connections {}\n", connections());
  out += "# HELP eldercare_live_messages_total Messages queued to live feed connections.\n";
  out += "# TYPE eldercare_live_messages_total counter\n";
  out += fmt::format("eldercare_live_messages_total {}\n", st_->messages.load());
  out += "# HELP eldercare_live_opened_total Live feed connections opened.\n";
  out += "# TYPE eldercare_live_opened_total counter\n";
  out += fmt::format("eldercare_live_opened_total {}\n", st_->opened.load());
  out += "# HELP eldercare_live_closed_total Live feed connections closed by the server.\n";
  out += "# TYPE eldercare_live_closed_total counter\n";
  out += fmt::format("eldercare_live_closed_total{{reason=\"queue_full\"}} {}\n",
                     st_->closed_queue_full.load());
  out += fmt::format("eldercare_live_closed_total{{reason=\"session_ended\"}} {}\n",
                     st_->closed_session.load());
  out += fmt::format("eldercare_live_closed_total{{reason=\"user_changed\"}} {}\n",
                     st_->closed_user_changed.load());
}

}  // namespace ec::api
