// Direct access to a test server's database: seeding what no API writes, and checking what a
// request changed (or did not). One connection, taken when first needed and kept. Failures
// throw std::runtime_error naming the statement.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "db/db.hpp"
#include "support/harness.hpp"

namespace it {

class direct_db {
 public:
  explicit direct_db(const server& s) : db_(ec::db::open({s.database_url(), 1, 5000})) {}

  ec::db::connection& conn() {
    if (!lease_) {
      auto l = db_->acquire();
      if (!l) throw std::runtime_error(l.err().message);
      lease_.emplace(std::move(*l));
    }
    return **lease_;
  }
  // The first column of the one row `sql` returns.
  std::int64_t scalar(const std::string& sql, const ec::db::params& args = {}) {
    auto r = conn().one(sql, args);
    if (!r) throw std::runtime_error(r.err().message + ": " + sql);
    return r->i64(0);
  }
  void exec(const std::string& sql, const ec::db::params& args = {}) {
    auto r = conn().exec(sql, args);
    if (!r) throw std::runtime_error(r.err().message + ": " + sql);
  }
  std::int64_t user(const std::string& username) {
    return scalar("SELECT id FROM users WHERE username = ?", {username});
  }
  // The first org unit of that name (names repeat only below different parents).
  std::int64_t unit(const std::string& name) {
    return scalar("SELECT id FROM org_units WHERE name = ? ORDER BY id LIMIT 1", {name});
  }

 private:
  std::unique_ptr<ec::db::database> db_;
  std::optional<ec::db::lease> lease_;
};

}  // namespace it
