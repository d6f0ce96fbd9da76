// The one database interface that modules and repositories use.
//
// SQL is written once, with `?` placeholders, in the subset that SQLite 3.40 and
// PostgreSQL 15 both accept (RETURNING, ON CONFLICT, window functions, CTEs).
// Each backend translates placeholders and DDL tokens (see migrate.hpp) and hides
// its own types; the backend is chosen in one factory, `open()`.
//
// Thread-safety: a `database` is shared by all threads; a `connection` is used by
// one thread at a time, obtained from the pool with `database::acquire()`.
// Failure: every call returns `result`; a busy/locked database maps to
// errc::unavailable ("db.busy"), a lost connection too ("db.connection"), a unique
// violation to errc::conflict ("db.unique"), another constraint violation to
// errc::invalid ("db.constraint"), other SQL errors to errc::internal. Nothing
// throws after start-up.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace ec::db {

// A bound parameter or a column value. Times are int64 unix milliseconds,
// booleans int64 0/1, money int64 fen, dates "YYYY-MM-DD" text.
using value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline value null() {
  return std::monostate{};
}
inline value opt(const std::optional<std::string>& s) {
  return s ? value{*s} : value{std::monostate{}};
}
inline value opt(const std::optional<std::int64_t>& v) {
  return v ? value{*v} : value{std::monostate{}};
}

class row {
 public:
  explicit row(std::vector<value> cols) : cols_(std::move(cols)) {}
  std::size_t size() const { return cols_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(cols_.at(i)); }
  std::int64_t i64(std::size_t i) const;  // 0 for NULL
  double f64(std::size_t i) const;        // 0 for NULL
  std::string str(std::size_t i) const;   // "" for NULL
  std::string take_str(std::size_t i);    // like str(), moving the text out
  std::optional<std::string> opt_str(std::size_t i) const;
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  const value& at(std::size_t i) const { return cols_.at(i); }

  // Columns `first`, `first` + 1, … into `out…` in order, each by its type: std::int64_t,
  // double, bool (integer != 0), std::string, or std::optional of std::int64_t, double or
  // std::string (NULL as the getters above say). `take` moves the text out.
  template <class... T>
  void read(std::size_t first, T&... out) const {
    std::size_t i = first;
    (get(i++, out), ...);
  }
  template <class... T>
  void take(std::size_t first, T&... out) {
    std::size_t i = first;
    (take_one(i++, out), ...);
  }

 private:
  void get(std::size_t i, std::int64_t& v) const { v = i64(i); }
  void get(std::size_t i, double& v) const { v = f64(i); }
  void get(std::size_t i, bool& v) const { v = i64(i) != 0; }
  void get(std::size_t i, std::string& v) const { v = str(i); }
  void get(std::size_t i, std::optional<std::int64_t>& v) const { v = opt_i64(i); }
  void get(std::size_t i, std::optional<std::string>& v) const { v = opt_str(i); }
  void get(std::size_t i, std::optional<double>& v) const {
    v = is_null(i) ? std::nullopt : std::optional<double>(f64(i));
  }
  template <class T>
  void take_one(std::size_t i, T& v) {
    if constexpr (std::is_same_v<T, std::string>)
      v = take_str(i);
    else
      get(i, v);
  }

  std::vector<value> cols_;
};

using rows = std::vector<row>;
using params = std::vector<value>;

// A result row seen in place, while `connection::query_each` runs: nothing is
// copied or converted until asked for. Text views point into the backend's
// buffers and are valid only until the callback returns. `i` < size().
class row_view {
 public:
  virtual std::size_t size() const = 0;
  virtual bool is_null(std::size_t i) const = 0;
  virtual std::int64_t i64(std::size_t i) const = 0;      // 0 for NULL
  virtual double f64(std::size_t i) const = 0;            // 0 for NULL
  virtual std::string_view str(std::size_t i) const = 0;  // "" for NULL; numbers as text
  std::optional<std::string_view> opt_str(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return str(i);
  }

 protected:
  ~row_view() = default;
};

// A non-owning reference to a callable (the callable must outlive the call it
// is passed to): no allocation, unlike std::function.
template <class Sig>
class fn_ref;
template <class R, class... A>
class fn_ref<R(A...)> {
 public:
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, fn_ref> && std::is_invocable_r_v<R, F&, A...>)
      fn_ref(F&& f)  // NOLINT(google-explicit-constructor): used like a function parameter
      : obj_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, A... a) -> R {
          return std::invoke(*static_cast<std::remove_reference_t<F>*>(o), std::forward<A>(a)...);
        }) {}
  R operator()(A... a) const { return call_(obj_, std::forward<A>(a)...); }

 private:
  void* obj_;
  R (*call_)(void*, A...);
};

// Called once per row by `query_each`; an error stops the query and is returned.
using row_fn = fn_ref<status(const row_view&)>;

enum class dialect { sqlite, postgres };

// A LIKE pattern matching `text` anywhere, with %, _ and \ in it taken
// literally; use with `LIKE ? ESCAPE '\'` (both backends accept it).
std::string like_contains(std::string_view text);

// A list's optional filter: appends " AND <condition>" (one `?`) to `where`, and the value to
// `args`, when the value is there.
template <class T>
void and_if(std::string& where, params& args, std::string_view condition,
            const std::optional<T>& v) {
  if (!v) return;
  where += " AND ";
  where += condition;
  args.emplace_back(*v);
}

class connection {
 public:
  virtual ~connection() = default;
  // Runs one statement; returns its rows (empty for statements without any).
  virtual result<rows> query(std::string_view sql, const params& args = {}) = 0;
  // Runs one statement and hands each row to `fn` in place, without building
  // `rows` (for hot read paths that turn rows straight into output). `fn` must
  // not use this connection.
  virtual status query_each(std::string_view sql, const params& args, row_fn fn) = 0;
  // Runs one statement; returns the number of rows changed.
  virtual result<std::int64_t> exec(std::string_view sql, const params& args = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual status exec_script(std::string_view sql) = 0;
  // `write` tells SQLite to take the write lock at once (BEGIN IMMEDIATE).
  // `write = false` opens a read-only transaction whose statements all see one
  // snapshot (SQLite: a deferred BEGIN; PostgreSQL: REPEATABLE READ, READ ONLY).
  virtual status begin(bool write = true) = 0;
  virtual status commit() = 0;
  virtual status rollback() = 0;
  virtual dialect kind() const = 0;

  // Convenience: first row or not_found.
  result<row> one(std::string_view sql, const params& args = {});
  // Convenience: first row if any.
  result<std::optional<row>> maybe_one(std::string_view sql, const params& args = {});
};

class database;

// A pooled connection; returns itself to the pool on destruction.
class lease {
 public:
  lease(database* owner, std::unique_ptr<connection> c) : owner_(owner), conn_(std::move(c)) {}
  lease(lease&&) noexcept = default;
  lease& operator=(lease&&) = delete;
  lease(const lease&) = delete;
  ~lease();
  connection& operator*() { return *conn_; }
  connection* operator->() { return conn_.get(); }

 private:
  database* owner_;
  std::unique_ptr<connection> conn_;
};

struct options {
  std::string url;  // "sqlite:data/eldercare.db" or "postgresql://..."
  int pool_size = 8;
  int busy_timeout_ms = 5000;
};

class database {
 public:
  virtual ~database() = default;
  // Blocks until a connection is free (at most the busy timeout).
  result<lease> acquire();
  virtual dialect kind() const = 0;
  // Consistent online copy to `path` (SQLite: VACUUM INTO; PostgreSQL: unsupported, use pg_dump).
  virtual status backup_to(const std::string& path) = 0;

 protected:
  friend class lease;
  virtual result<std::unique_ptr<connection>> take() = 0;
  virtual void give_back(std::unique_ptr<connection> c) = 0;
};

// The factory: picks the backend from the URL scheme. Throws on a bad URL or a
// database that cannot be opened (start-up error).
std::unique_ptr<database> open(const options& opts);

// Runs `fn` inside one transaction; commits if it returns ok, rolls back otherwise.
template <class Fn>
auto in_transaction(connection& c, Fn&& fn) -> decltype(fn()) {
  if (auto s = c.begin(true); !s) return std::move(s).err();
  auto r = fn();
  if (!r) {
    (void)c.rollback();
    return r;
  }
  if (auto s = c.commit(); !s) {
    (void)c.rollback();
    return std::move(s).err();
  }
  return r;
}

// Runs `fn`'s reads against one snapshot, so that figures read by several
// statements agree with each other even while writers commit in between.
template <class Fn>
auto in_read_snapshot(connection& c, Fn&& fn) -> decltype(fn()) {
  if (auto s = c.begin(false); !s) return std::move(s).err();
  auto r = fn();
  (void)c.rollback();  // nothing to keep; ends the snapshot
  return r;
}

}  // namespace ec::db
