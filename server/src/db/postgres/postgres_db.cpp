#include "db/postgres/postgres_db.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace ec::db::postgres {
namespace {

// Built-in type OIDs (catalog/pg_type_d.h is a server header, not shipped with libpq-dev).
constexpr Oid k_bool = 16;
constexpr Oid k_int8 = 20;
constexpr Oid k_int2 = 21;
constexpr Oid k_int4 = 23;
constexpr Oid k_float4 = 700;
constexpr Oid k_float8 = 701;
constexpr Oid k_numeric = 1700;

// Dynamic filters produce a few hundred statement shapes at most.
constexpr std::size_t k_max_cached = 256;

struct result_deleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using pg_result = std::unique_ptr<PGresult, result_deleter>;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_ident_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '_' ||
         c == '$' || u >= 0x80;
}

// Maps a failed libpq call to a typed error; `r` may be null (no result at all).
error pg_error(PGconn* h, const PGresult* r, std::string_view sql) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view code = state ? state : "";
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = trim(primary ? primary : PQerrorMessage(h));
  if (msg.empty()) msg = "unknown PostgreSQL error";
  // 57P01..03: the server is shutting down or the session was terminated.
  if (PQstatus(h) == CONNECTION_BAD || code.starts_with("08") || code.starts_with("57P"))
    return error::make(errc::unavailable, "db.connection", "database connection lost: " + msg);
  if (code == "23505") return error::make(errc::conflict, "db.unique", msg);
  if (code.starts_with("23")) return error::make(errc::invalid, "db.constraint", msg);
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014")
    return error::make(errc::unavailable, "db.busy", "database is busy: " + msg);
  std::string where = code.empty() ? "" : " (SQLSTATE " + std::string(code) + ")";
  return error::make(errc::internal, "db.error",
                     msg + where + " in: " + std::string(sql.substr(0, 120)));
}

bool succeeded(const PGresult* r) {
  if (!r) return false;
  auto s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

value to_value(const PGresult* r, int row_no, int col) {
  if (PQgetisnull(r, row_no, col)) return std::monostate{};
  const char* p = PQgetvalue(r, row_no, col);
  const char* end = p + PQgetlength(r, row_no, col);
  switch (PQftype(r, col)) {
    case k_int2:
    case k_int4:
    case k_int8: {
      std::int64_t v = 0;
      if (auto [ptr, ec] = std::from_chars(p, end, v); ec == std::errc{} && ptr == end) return v;
      break;
    }
    case k_float4:
    case k_float8:
    case k_numeric: {
      // from_chars also reads "NaN", "Infinity" and "-Infinity".
      double v = 0;
      if (auto [ptr, ec] = std::from_chars(p, end, v); ec == std::errc{} && ptr == end) return v;
      break;  // a numeric beyond double's range stays text rather than turning into garbage
    }
    case k_bool:
      return std::int64_t{*p == 't' ? 1 : 0};
    default:
      break;
  }
  return std::string(p, end);
}

// One row of a result, read in place; numbers are parsed from the text format
// the way to_value() does.
struct result_row final : row_view {
  result_row(const PGresult* res, int row_no) : r(res), n(row_no) {}
  const PGresult* r;
  int n;
  std::size_t size() const override { return static_cast<std::size_t>(PQnfields(r)); }
  bool is_null(std::size_t i) const override { return PQgetisnull(r, n, col(i)) != 0; }
  std::string_view str(std::size_t i) const override {
    const char* p = PQgetvalue(r, n, col(i));
    if (!p) return {};
    if (PQftype(r, col(i)) == k_bool) return *p == 't' ? "1" : "0";
    return {p, static_cast<std::size_t>(PQgetlength(r, n, col(i)))};
  }
  std::int64_t i64(std::size_t i) const override {
    if (PQftype(r, col(i)) == k_bool) return str(i) == "1" ? 1 : 0;
    auto s = str(i);
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc{} && ptr == s.data() + s.size()) return v;
    return static_cast<std::int64_t>(f64(i));  // "2.5" reads as 2, like row::i64
  }
  double f64(std::size_t i) const override {
    auto s = str(i);
    double v = 0;
    (void)std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
  }
  static int col(std::size_t i) { return static_cast<int>(i); }
};

class pg_connection final : public connection {
 public:
  explicit pg_connection(PGconn* h) : h_(h) { PQsetNoticeReceiver(h_, &on_notice, this); }
  ~pg_connection() override { PQfinish(h_); }
  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;

  result<rows> query(std::string_view sql, const params& args) override {
    auto r = run(sql, args);
    if (!r) return std::move(r).err();
    rows out;
    const PGresult* res = r->get();
    int n = PQntuples(res);
    int cols = PQnfields(res);
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      std::vector<value> vals;
      vals.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) vals.push_back(to_value(res, i, c));
      out.emplace_back(std::move(vals));
    }
    return out;
  }

  status query_each(std::string_view sql, const params& args, row_fn fn) override {
    auto r = run(sql, args);
    if (!r) return std::move(r).err();
    result_row row{r->get(), 0};
    int n = PQntuples(row.r);
    for (; row.n < n; ++row.n)
      if (auto st = fn(row); !st) return st;
    return {};
  }

  result<std::int64_t> exec(std::string_view sql, const params& args) override {
    auto r = run(sql, args);
    if (!r) return std::move(r).err();
    // Empty for statements without a row count (DDL, SET).
    std::string_view n = PQcmdTuples(r->get());
    std::int64_t v = 0;
    (void)std::from_chars(n.data(), n.data() + n.size(), v);
    return v;
  }

  status exec_script(std::string_view sql) override {
    std::string text(sql);
    return simple(text);
  }

  // `write` only matters to SQLite's locking; a PostgreSQL transaction may always
  // write, so a caller that begins read-only and then writes behaves the same on both.
  status begin(bool write) override {
    if (PQtransactionStatus(h_) != PQTRANS_IDLE)
      return error::make(errc::internal, "db.error", "a transaction is already open");
    // READ COMMITTED gives each statement its own snapshot; a reader of several
    // statements asks for one.
    return simple(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }

  status commit() override {
    auto ts = PQtransactionStatus(h_);
    if (ts == PQTRANS_IDLE)
      return error::make(errc::internal, "db.error", "commit without an open transaction");
    // PostgreSQL answers COMMIT of an aborted transaction with a silent ROLLBACK;
    // the caller must learn that its writes are gone.
    if (ts == PQTRANS_INERROR) {
      (void)simple("ROLLBACK");
      return error::make(errc::internal, "db.aborted",
                         "transaction was aborted by an earlier error and rolled back");
    }
    return simple("COMMIT");
  }

  status rollback() override {
    if (PQtransactionStatus(h_) == PQTRANS_IDLE) return {};
    return simple("ROLLBACK");
  }

  dialect kind() const override { return dialect::postgres; }

  // For the pool: false if this session must not be handed out. Reading pending
  // input notices a session the server killed while it sat idle in the pool (a
  // FATAL notice and/or end of file is waiting on the socket).
  bool usable() {
    if (PQstatus(h_) != CONNECTION_OK || fatal_) return false;
    if (!PQconsumeInput(h_)) return false;
    // PQconsumeInput only reads; PQisBusy parses, passing a FATAL to on_notice.
    if (PQisBusy(h_)) return false;
    return PQstatus(h_) == CONNECTION_OK && !fatal_ && PQtransactionStatus(h_) == PQTRANS_IDLE;
  }

  // Reconnects with the same parameters; server-side prepared statements are gone.
  bool reset() {
    cache_.clear();
    fatal_ = false;
    PQreset(h_);
    return PQstatus(h_) == CONNECTION_OK;
  }

  std::string last_error() const { return trim(PQerrorMessage(h_)); }

 private:
  struct prepared {
    std::string name;
    int params;
  };

  static void on_notice(void* self, const PGresult* r) {
    // Notices (e.g. "relation already exists, skipping") are not errors; a FATAL
    // one arriving while idle means the server is closing this session.
    const char* sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    std::string_view s = sev ? sev : "";
    if (s == "FATAL" || s == "PANIC") static_cast<pg_connection*>(self)->fatal_ = true;
  }

  status simple(const std::string& sql) {
    pg_result r(PQexec(h_, sql.c_str()));
    if (!succeeded(r.get())) return pg_error(h_, r.get(), sql);
    return {};
  }

  result<const prepared*> prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
    std::string key(sql);
    if (cache_.size() >= k_max_cached) evict_all();
    int count = 0;
    std::string text = rewrite_placeholders(sql, count);
    std::string name = "ec_" + std::to_string(++seq_);
    pg_result r(PQprepare(h_, name.c_str(), text.c_str(), 0, nullptr));
    if (!succeeded(r.get())) return pg_error(h_, r.get(), sql);
    auto [it, _] = cache_.emplace(std::move(key), prepared{std::move(name), count});
    return &it->second;
  }

  void evict_all() {
    // An aborted transaction refuses DEALLOCATE; grow a little and try again later.
    // Names are never reused, so a statement left on the server cannot collide.
    if (PQtransactionStatus(h_) == PQTRANS_INERROR) return;
    (void)simple("DEALLOCATE ALL");
    cache_.clear();
  }

  result<pg_result> run(std::string_view sql, const params& args) {
    auto ps = prepare(sql);
    if (!ps) return std::move(ps).err();
    const prepared& p = **ps;
    if (static_cast<int>(args.size()) != p.params)
      return error::make(errc::internal, "db.bind",
                         "parameter count mismatch in: " + std::string(sql.substr(0, 120)));
    // Text format for every parameter; NULL is a null pointer. Strings are sent
    // from `args` itself (PostgreSQL text cannot hold NUL, so c_str() is whole).
    std::vector<std::string> texts(args.size());
    std::vector<const char*> ptrs(args.size(), nullptr);
    for (std::size_t i = 0; i < args.size(); ++i) {
      const auto& v = args[i];
      if (auto n = std::get_if<std::int64_t>(&v)) {
        texts[i] = std::to_string(*n);
      } else if (auto d = std::get_if<double>(&v)) {
        // The %.17g form (round-trips exactly), but immune to the process locale.
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::general, 17);
        texts[i].assign(buf, ec == std::errc{} ? end : buf);
      } else if (auto s = std::get_if<std::string>(&v)) {
        ptrs[i] = s->c_str();
        continue;
      } else {
        continue;
      }
      ptrs[i] = texts[i].c_str();
    }
    pg_result r(PQexecPrepared(h_, p.name.c_str(), p.params, ptrs.data(), nullptr, nullptr, 0));
    if (!succeeded(r.get())) {
      auto e = pg_error(h_, r.get(), sql);
      // A cached plan whose result shape changed under DDL can never run again.
      const char* st = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
      if (st && std::string_view(st) == "0A000")
        if (auto it = cache_.find(sql); it != cache_.end()) cache_.erase(it);
      return e;
    }
    return r;
  }

  PGconn* h_;
  bool fatal_ = false;
  std::uint64_t seq_ = 0;
  // Looked up by string_view: a cached statement costs no copy of its text.
  struct sv_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, prepared, sv_hash, std::equal_to<>> cache_;
};

class pg_database final : public database {
 public:
  explicit pg_database(const options& o) : opts_(o) {
    // Connect once eagerly so a bad URL or an unreachable server fails at start-up.
    auto c = connect();
    if (!c) throw std::runtime_error("cannot open PostgreSQL database: " + c.err().message);
    free_.push_back(std::move(*c));
    created_ = 1;
  }

  dialect kind() const override { return dialect::postgres; }

  status backup_to(const std::string& /*path*/) override {
    return error::make(errc::unsupported, "db.backup_unsupported",
                       "online backup is SQLite-only; back up PostgreSQL with pg_dump "
                       "(e.g. pg_dump -Fc -f eldercare.dump \"$ELDERCARE_DATABASE_URL\")");
  }

 protected:
  result<std::unique_ptr<connection>> take() override {
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.busy_timeout_ms);
    std::unique_lock lk(mu_);
    for (;;) {
      if (!free_.empty()) {
        auto c = std::move(free_.front());
        free_.pop_front();
        lk.unlock();
        // Killed or closed while idle: reconnect in place rather than hand it out.
        if (c->usable() || c->reset()) return std::unique_ptr<connection>(std::move(c));
        auto msg = c->last_error();
        c.reset();
        forget_one();
        return error::make(errc::unavailable, "db.connection", "cannot reconnect: " + msg);
      }
      if (created_ < opts_.pool_size) {
        ++created_;
        lk.unlock();
        auto c = connect();
        if (!c) {
          forget_one();
          return std::move(c).err();
        }
        return std::unique_ptr<connection>(std::move(*c));
      }
      if (!cv_.wait_until(lk, deadline,
                          [&] { return !free_.empty() || created_ < opts_.pool_size; }))
        return error::make(errc::unavailable, "db.pool_exhausted", "no database connection free");
    }
  }

  void give_back(std::unique_ptr<connection> c) override {
    // Only this pool's connections come back here.
    std::unique_ptr<pg_connection> pc(static_cast<pg_connection*>(c.release()));
    // Never hand out a connection inside a transaction; drop one that cannot be
    // rolled back or has lost its server, so the next acquire opens a fresh one.
    bool keep = pc->rollback().ok() && pc->usable();
    if (!keep) {
      pc.reset();
      forget_one();
      return;
    }
    {
      std::lock_guard g(mu_);
      free_.push_back(std::move(pc));
    }
    cv_.notify_one();
  }

 private:
  result<std::unique_ptr<pg_connection>> connect() {
    // Entries before dbname can be overridden by the URI; client_encoding cannot,
    // because values are handed out as UTF-8.
    const char* keys[] = {"application_name", "options",         "connect_timeout",
                          "dbname",           "client_encoding", nullptr};
    const char* vals[] = {
        "eldercare", "-c statement_timeout=30000", "10", opts_.url.c_str(), "UTF8", nullptr};
    PGconn* h = PQconnectdbParams(keys, vals, 1);
    if (!h) return error::make(errc::unavailable, "db.connection", "out of memory");
    if (PQstatus(h) != CONNECTION_OK) {
      std::string msg = trim(PQerrorMessage(h));
      PQfinish(h);
      return error::make(errc::unavailable, "db.connection", "cannot connect: " + msg);
    }
    return std::make_unique<pg_connection>(h);
  }

  void forget_one() {
    {
      std::lock_guard g(mu_);
      --created_;
    }
    cv_.notify_one();
  }

  options opts_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<pg_connection>> free_;  // guarded by mu_
  int created_ = 0;                                  // guarded by mu_
};

// Length of a dollar-quote tag ("$$" or "$name$") starting at sql[i], or 0.
std::size_t dollar_tag(std::string_view sql, std::size_t i) {
  std::size_t j = i + 1;
  if (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') return 0;  // $1 is a parameter
  while (j < sql.size() && sql[j] != '$' && is_ident_char(sql[j])) ++j;
  if (j < sql.size() && sql[j] == '$') return j - i + 1;
  return 0;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  const std::size_t n = sql.size();
  std::size_t i = 0;
  // Copies sql[i, end) verbatim and moves past it.
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, n);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    char c = sql[i];
    char next = i + 1 < n ? sql[i + 1] : '\0';
    // `$` inside an identifier (PostgreSQL allows it there) opens no quote.
    std::size_t tag = c == '$' && (i == 0 || !is_ident_char(sql[i - 1])) ? dollar_tag(sql, i) : 0;
    if (c == '\'') {
      // A doubled '' closes and reopens, which copies the same; only E'' strings
      // also escape with a backslash.
      bool backslash = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                       (i < 2 || !is_ident_char(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < n && sql[j] != '\'') j += (backslash && sql[j] == '\\') ? 2 : 1;
      copy_to(j + 1);
    } else if (c == '"') {
      // A doubled "" inside an identifier closes and reopens, as for ''.
      auto close = sql.find('"', i + 1);
      copy_to(close == std::string_view::npos ? n : close + 1);
    } else if (c == '-' && next == '-') {
      auto eol = sql.find('\n', i);
      copy_to(eol == std::string_view::npos ? n : eol + 1);
    } else if (c == '/' && next == '*') {
      // PostgreSQL block comments nest.
      std::size_t j = i + 2;
      int depth = 1;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (tag > 0) {
      auto close = sql.find(sql.substr(i, tag), i + tag);
      copy_to(close == std::string_view::npos ? n : close + tag);
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++count);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string rewrite_placeholders(std::string_view sql) {
  int count = 0;
  return rewrite_placeholders(sql, count);
}

std::unique_ptr<database> open(const options& opts) {
  return std::make_unique<pg_database>(opts);
}

}  // namespace ec::db::postgres
