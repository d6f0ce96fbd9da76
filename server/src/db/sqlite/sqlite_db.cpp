#include "db/sqlite/sqlite_db.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>

namespace ec::db::sqlite {
namespace {

error sql_error(sqlite3* h, int rc, std::string_view sql) {
  int base = rc & 0xff;
  std::string msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
    return error::make(errc::unavailable, "db.busy", "database is busy: " + msg);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return error::make(errc::conflict, "db.unique", msg);
  if (base == SQLITE_CONSTRAINT) return error::make(errc::invalid, "db.constraint", msg);
  return error::make(errc::internal, "db.error", msg + " in: " + std::string(sql.substr(0, 120)));
}

// One writer at a time within this process, in the order they came (a ticket lock). SQLite's
// own busy handler polls with growing sleeps, so a thread that commits batch after batch (the
// monitoring writer under load) takes the write lock again before a waiting request wakes up,
// and that request fails with db.busy after busy_timeout_ms. Every write transaction and every
// writing statement outside one passes this gate first; SQLite's lock and busy timeout still
// guard against other processes.
class write_gate {
 public:
  // false when it was not our turn within `timeout`.
  bool acquire(std::chrono::milliseconds timeout) {
    std::unique_lock lk(m_);
    auto mine = next_++;
    if (cv_.wait_for(lk, timeout, [&] { return serving_ == mine; })) return true;
    abandoned_.insert(mine);  // skipped when its turn comes
    return false;
  }
  void release() {
    {
      std::lock_guard g(m_);
      ++serving_;
      while (abandoned_.erase(serving_) > 0) ++serving_;
    }
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::uint64_t next_ = 0, serving_ = 0;
  std::set<std::uint64_t> abandoned_;
};

class sqlite_connection final : public connection {
 public:
  sqlite_connection(sqlite3* h, write_gate* gate, int timeout_ms)
      : h_(h), gate_(gate), gate_timeout_(timeout_ms) {}
  ~sqlite_connection() override {
    for (auto& [_, s] : cache_) sqlite3_finalize(s);
    sqlite3_close_v2(h_);
  }

  result<rows> query(std::string_view sql, const params& args) override {
    rows out;
    auto st = run(sql, args, [&](sqlite3_stmt* s) -> status {
      out.emplace_back(copy_row(s));
      return {};
    });
    if (!st) return std::move(st).err();
    return out;
  }

  status query_each(std::string_view sql, const params& args, row_fn fn) override {
    return run(sql, args, [&](sqlite3_stmt* s) { return fn(stmt_row{s}); });
  }

  result<std::int64_t> exec(std::string_view sql, const params& args) override {
    auto st = run(sql, args, [](sqlite3_stmt*) -> status { return {}; });
    if (!st) return std::move(st).err();
    return static_cast<std::int64_t>(sqlite3_changes64(h_));
  }

  status exec_script(std::string_view sql) override {
    char* err = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(h_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      return error::make(errc::internal, "db.error", msg);
    }
    return {};
  }

  status begin(bool write) override {
    if (write) {
      if (auto st = enter_gate(); !st) return st;
    }
    auto r = exec(write ? "BEGIN IMMEDIATE" : "BEGIN", {});
    if (!r) {
      leave_gate();
      return std::move(r).err();
    }
    return {};
  }
  status commit() override {
    auto r = exec("COMMIT", {});
    if (!r) return std::move(r).err();  // still in the transaction: rollback() leaves the gate
    leave_gate();
    return {};
  }
  status rollback() override {
    if (sqlite3_get_autocommit(h_)) {
      leave_gate();
      return {};
    }
    auto r = exec("ROLLBACK", {});
    leave_gate();
    if (!r) return std::move(r).err();
    return {};
  }
  dialect kind() const override { return dialect::sqlite; }

  sqlite3* handle() { return h_; }

 private:
  result<sqlite3_stmt*> prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    std::string key(sql);
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(h_, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return sql_error(h_, rc, sql);
    // Bound the cache: dynamic filters produce a few hundred shapes at most.
    if (cache_.size() > 512) {
      for (auto& [_, old] : cache_) sqlite3_finalize(old);
      cache_.clear();
    }
    cache_.emplace(std::move(key), s);
    return s;
  }

  // The current row of a statement, read in place.
  struct stmt_row final : row_view {
    explicit stmt_row(sqlite3_stmt* st) : s(st) {}
    sqlite3_stmt* s;
    std::size_t size() const override { return static_cast<std::size_t>(sqlite3_column_count(s)); }
    bool is_null(std::size_t i) const override {
      return sqlite3_column_type(s, col(i)) == SQLITE_NULL;
    }
    std::int64_t i64(std::size_t i) const override { return sqlite3_column_int64(s, col(i)); }
    double f64(std::size_t i) const override { return sqlite3_column_double(s, col(i)); }
    std::string_view str(std::size_t i) const override {
      // One column_value, then the value's text and length: each sqlite3_column_*
      // call enters and leaves the connection (a third of reading a list row).
      // The value is "unprotected", which only matters when several threads use
      // one connection at once; here a connection is used by one thread at a
      // time and opened NOMUTEX, so column_text would add no protection.
      sqlite3_value* v = sqlite3_column_value(s, col(i));
      // value_text first, then value_bytes: the documented order for text.
      auto p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      if (!p) return {};
      return {p, static_cast<std::size_t>(sqlite3_value_bytes(v))};
    }
    static int col(std::size_t i) { return static_cast<int>(i); }
  };

  static row copy_row(sqlite3_stmt* s) {
    int n = sqlite3_column_count(s);
    std::vector<value> cols;
    cols.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
      switch (sqlite3_column_type(s, c)) {
        case SQLITE_NULL:
          cols.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
          cols.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(s, c)));
          break;
        case SQLITE_FLOAT:
          cols.emplace_back(sqlite3_column_double(s, c));
          break;
        default: {
          auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
          cols.emplace_back(
              std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
        }
      }
    }
    return row(std::move(cols));
  }

  // Binds `args`, steps through the rows and calls `on_row` with the statement
  // positioned on each; an error from it stops the statement.
  template <class OnRow>
  status run(std::string_view sql, const params& args, OnRow&& on_row) {
    auto ps = prepare(sql);
    if (!ps) return std::move(ps).err();
    sqlite3_stmt* s = *ps;
    // A writing statement outside a transaction waits for its turn too (after the statement is
    // reset, so that its lock is gone when the next writer goes).
    bool gated = false;
    if (gate_ && !in_gate_ && sqlite3_get_autocommit(h_) && !sqlite3_stmt_readonly(s)) {
      if (auto st = enter_gate(); !st) return st;
      gated = true;
    }
    struct gate_guard {
      sqlite_connection* c;
      bool on;
      ~gate_guard() {
        if (on) c->leave_gate();
      }
    } gate_release{this, gated};
    struct reset_guard {
      sqlite3_stmt* s;
      ~reset_guard() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } guard{s};
    if (static_cast<int>(args.size()) != sqlite3_bind_parameter_count(s))
      return error::make(errc::internal, "db.bind",
                         "parameter count mismatch in: " + std::string(sql.substr(0, 120)));
    for (std::size_t i = 0; i < args.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const auto& v = args[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v))
        rc = sqlite3_bind_null(s, idx);
      else if (auto p = std::get_if<std::int64_t>(&v))
        rc = sqlite3_bind_int64(s, idx, *p);
      else if (auto d = std::get_if<double>(&v))
        rc = sqlite3_bind_double(s, idx, *d);
      else {
        const auto& str = std::get<std::string>(v);
        rc = sqlite3_bind_text64(s, idx, str.data(), str.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return sql_error(h_, rc, sql);
    }
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return sql_error(h_, rc, sql);
      if (auto st = on_row(s); !st) return st;
    }
    return {};
  }

  // Looked up by string_view: a cached statement costs no copy of its text.
  struct sv_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  status enter_gate() {
    if (!gate_ || in_gate_) return {};
    if (!gate_->acquire(std::chrono::milliseconds(gate_timeout_)))
      return error::make(errc::unavailable, "db.busy", "the database is busy");
    in_gate_ = true;
    return {};
  }
  void leave_gate() {
    if (!in_gate_) return;
    in_gate_ = false;
    gate_->release();
  }

  sqlite3* h_;
  write_gate* gate_;
  int gate_timeout_;
  bool in_gate_ = false;
  std::unordered_map<std::string, sqlite3_stmt*, sv_hash, std::equal_to<>> cache_;
};

class sqlite_database final : public database {
 public:
  explicit sqlite_database(const options& o) : opts_(o) {
    path_ = o.url.substr(std::string_view("sqlite:").size());
    if (path_.empty()) throw std::runtime_error("sqlite: url has no file path");
    if (path_ != ":memory:") {
      // The database holds personal data: a directory we create is the owner's alone (0700),
      // and so is a new database file (0600; SQLite gives its -wal and -shm files the
      // database file's mode).
      auto parent = std::filesystem::path(path_).parent_path();
      if (!parent.empty() && !std::filesystem::exists(parent)) {
        std::filesystem::create_directories(parent);
        std::filesystem::permissions(parent, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace);
      }
      int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) ::close(fd);
    }
    // Open one connection eagerly so a bad path fails at start-up.
    free_.push_back(make());
    created_ = 1;
    if (path_ != ":memory:") checkpointer_ = std::thread([this] { checkpoint_loop(); });
  }

  ~sqlite_database() override {
    {
      std::lock_guard g(ck_mu_);
      ck_stop_ = true;
    }
    ck_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
  }

  dialect kind() const override { return dialect::sqlite; }

  status backup_to(const std::string& target) override {
    auto c = acquire();
    if (!c) return std::move(c).err();
    std::error_code ec;
    std::filesystem::remove(target, ec);
    // VACUUM INTO reads one consistent snapshot while writers keep going (WAL).
    auto r = (*c)->exec("VACUUM INTO ?", {value{target}});
    if (!r) return std::move(r).err();
    return {};
  }

 protected:
  result<std::unique_ptr<connection>> take() override {
    std::unique_lock lk(mu_);
    if (free_.empty() && created_ < opts_.pool_size) {
      ++created_;
      lk.unlock();
      try {
        return std::unique_ptr<connection>(make());
      } catch (const std::exception& e) {
        std::lock_guard g(mu_);
        --created_;
        return error::make(errc::unavailable, "db.open", e.what());
      }
    }
    if (!cv_.wait_for(lk, std::chrono::milliseconds(opts_.busy_timeout_ms),
                      [&] { return !free_.empty(); }))
      return error::make(errc::unavailable, "db.pool_exhausted", "no database connection free");
    auto c = std::move(free_.front());
    free_.pop_front();
    return c;
  }

  void give_back(std::unique_ptr<connection> c) override {
    (void)c->rollback();  // never hand out a connection inside a transaction
    {
      std::lock_guard g(mu_);
      free_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

 private:
  std::unique_ptr<connection> make() {
    sqlite3* h = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path_.c_str(), &h, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
      sqlite3_close_v2(h);
      throw std::runtime_error("cannot open database " + path_ + ": " + msg);
    }
    auto c = std::make_unique<sqlite_connection>(h, &gate_, opts_.busy_timeout_ms);
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, opts_.busy_timeout_ms);
    auto st = c->exec_script(
        "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;"
        "PRAGMA journal_size_limit=67108864;");
    if (!st) throw std::runtime_error("cannot configure database: " + st.err().message);
    // No checkpoint inside a commit: SQLite's automatic one copies the WAL back into the database
    // and fsyncs in whichever commit crosses 1,000 pages, which held an SOS behind it for
    // hundreds of milliseconds under load. The hook (which replaces the automatic checkpoint)
    // wakes checkpoint_loop() instead, which checkpoints PASSIVE on a connection of its own,
    // beside the writers.
    sqlite3_wal_hook(h, &sqlite_database::on_wal, this);
    return c;
  }

  static int on_wal(void* self, sqlite3*, const char*, int pages) {
    auto* db = static_cast<sqlite_database*>(self);
    if (pages >= k_checkpoint_pages) {
      {
        std::lock_guard g(db->ck_mu_);
        db->ck_due_ = true;
      }
      db->ck_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void checkpoint_loop() {
    sqlite3* h = nullptr;
    std::unique_lock lk(ck_mu_);
    for (;;) {
      // Also every few seconds, so that a quiet database's WAL is copied back too.
      ck_cv_.wait_for(lk, std::chrono::seconds(5), [&] { return ck_stop_ || ck_due_; });
      if (ck_stop_) break;
      ck_due_ = false;
      lk.unlock();
      if (!h && sqlite3_open_v2(path_.c_str(), &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 0);  // PASSIVE never waits anyway
        // A connection that has never read does not know the database is in WAL mode, and a
        // checkpoint on it returns OK having copied nothing (log = -1): read once first. Without
        // this the WAL grew without bound under load (bench/soak.sh: ~31 MB/s at 2,000
        // events/s).
        (void)sqlite3_exec(h, "PRAGMA schema_version", nullptr, nullptr, nullptr);
      }
      if (h) {
        int log = 0, done = 0;
        (void)sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
      }
      lk.lock();
    }
    lk.unlock();
    if (h) sqlite3_close_v2(h);
  }

  static constexpr int k_checkpoint_pages = 1000;  // SQLite's own default threshold

  options opts_;
  std::string path_;
  write_gate gate_;  // before the connections that point to it
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<connection>> free_;
  int created_ = 0;

  std::mutex ck_mu_;
  std::condition_variable ck_cv_;
  bool ck_due_ = false, ck_stop_ = false;
  std::thread checkpointer_;
};

}  // namespace

std::unique_ptr<database> open(const options& opts) {
  return std::make_unique<sqlite_database>(opts);
}

}  // namespace ec::db::sqlite
