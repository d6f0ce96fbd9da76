// Test-only (included by *_test.cpp and the integration harness): the backends a test runs
// on, and a scratch database of its own on each — a SQLite file in a temporary folder, or a
// PostgreSQL database created on the server of ELDERCARE_TEST_PG_URL (UTF8, C collation, from
// template0: the same on any server CI points us at) and dropped again.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace ec::db::testing {

// ELDERCARE_TEST_PG_URL, or "" when PostgreSQL tests are off.
inline std::string pg_test_url() {
  const char* u = std::getenv("ELDERCARE_TEST_PG_URL");
  return u ? u : "";
}

// "sqlite", and "postgres" when ELDERCARE_TEST_PG_URL is set.
inline std::vector<std::string> backends() {
  std::vector<std::string> b{"sqlite"};
  if (!pg_test_url().empty()) b.emplace_back("postgres");
  return b;
}

// Replaces the database name in a libpq URI, keeping user, host, port and query.
inline std::string with_dbname(const std::string& url, const std::string& name) {
  auto scheme = url.find("://");
  auto start = scheme == std::string::npos ? 0 : scheme + 3;
  auto path = url.find_first_of("/?", start);
  if (path == std::string::npos) return url + "/" + name;
  auto query = url.find('?', path);
  return url.substr(0, path) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// `prefix` and 16 random hex digits: a database or folder name no other test uses.
inline std::string unique_name(const std::string& prefix = "ec_test_") {
  std::random_device rd;
  std::mt19937_64 gen((std::uint64_t{rd()} << 32) ^ rd());
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(gen()));
  return prefix + buf;
}

// A fresh, empty database on `backend` ("sqlite" or "postgres"), removed with this object.
// Failures to create it fail the current test (ok() is then false).
class scratch_database {
 public:
  explicit scratch_database(const std::string& backend, int pool = 4, int busy_ms = 5000)
      : name_(unique_name()) {
    if (backend == "postgres") {
      admin_ = open({pg_test_url(), 1, 5000});
      auto c = admin_->acquire();
      EXPECT_TRUE(c.ok()) << c.err().message;
      if (!c) return;
      auto st =
          (*c)->exec_script("CREATE DATABASE " + name_ +
                            " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
      EXPECT_TRUE(st.ok()) << st.err().message;
      if (!st) return;
      url_ = with_dbname(pg_test_url(), name_);
    } else {
      dir_ = std::filesystem::temp_directory_path() / name_;
      std::filesystem::remove_all(dir_);  // open() creates it (mode 0700)
      url_ = "sqlite:" + (dir_ / "t.db").string();
    }
    db_ = open({url_, pool, busy_ms});
  }
  ~scratch_database() {
    db_.reset();
    if (admin_) {
      auto c = admin_->acquire();
      if (c) {
        auto st = (*c)->exec_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        EXPECT_TRUE(st.ok()) << st.err().message;
      }
    } else if (!dir_.empty()) {
      std::filesystem::remove_all(dir_);
    }
  }
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  bool ok() const { return db_ != nullptr; }
  database& db() { return *db_; }
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  // Closes the pool (the database itself stays until this object goes).
  void close() { db_.reset(); }

 private:
  std::string name_, url_;
  std::filesystem::path dir_;
  std::unique_ptr<database> admin_;
  std::unique_ptr<database> db_;
};

}  // namespace ec::db::testing
