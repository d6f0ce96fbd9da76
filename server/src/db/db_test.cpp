// Every DbTest runs on SQLite and, when ELDERCARE_TEST_PG_URL names a PostgreSQL
// maintenance database (scripts/pg-test-server start), on PostgreSQL too. Each test
// gets a fresh database: a new file, or CREATE DATABASE ec_test_<random>.
#include "db/db.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

#include "db/migrate.hpp"
#include "db/postgres/postgres_db.hpp"
#include "db/test_database.hpp"

namespace {

using ec::db::value;
using ec::db::testing::pg_test_url;
using ec::db::testing::scratch_database;
using ec::db::testing::unique_name;
using ec::db::testing::with_dbname;

std::vector<std::string> pg_backends() {
  if (pg_test_url().empty()) return {};
  return {"postgres"};
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& p) {
  return p.param;
}

std::int64_t count(ec::db::connection& c, const std::string& table) {
  auto r = c.one("SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(r.ok()) << r.err().message;
  return r ? r->i64(0) : -1;
}

class DbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<scratch_database>(GetParam(), 4, 2000);
    ASSERT_TRUE(scratch_->ok());
    name_ = scratch_->name();
    url_ = scratch_->url();
    db_ = &scratch_->db();
  }

  void TearDown() override {
    db_ = nullptr;
    scratch_.reset();
  }

  bool pg() const { return GetParam() == "postgres"; }

  ec::db::lease lease() {
    auto c = db_->acquire();
    EXPECT_TRUE(c.ok()) << c.err().message;
    return std::move(*c);
  }

  ec::db::lease migrated() {
    auto c = lease();
    auto m = ec::db::migrate(*c);
    EXPECT_TRUE(m.ok()) << m.err().message;
    return c;
  }

  std::unique_ptr<scratch_database> scratch_;
  std::string name_;
  std::string url_;
  ec::db::database* db_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(Backends, DbTest, ::testing::ValuesIn(ec::db::testing::backends()),
                         backend_name);

TEST_P(DbTest, MigratesOnceAndRecords) {
  auto c = lease();
  auto first = ec::db::migrate(*c);
  ASSERT_TRUE(first.ok()) << first.err().message;
  EXPECT_GE(first->size(), 2u);
  auto again = ec::db::migrate(*c);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto roles = c->one("SELECT COUNT(*) FROM roles");
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(roles->i64(0), 8);
  EXPECT_EQ(count(*c, "schema_migrations"), static_cast<std::int64_t>(first->size()));
}

TEST_P(DbTest, TransactionRollsBackOnError) {
  auto c = migrated();
  auto r = ec::db::in_transaction(*c, [&]() -> ec::result<int> {
    auto a = c->exec(
        "INSERT INTO org_units (kind, name, path, created_at, updated_at) VALUES (?, ?, '', 0, 0)",
        {std::string("street"), std::string("田镇街道")});
    if (!a) return std::move(a).err();
    return ec::error::invalid("x", "y", "fail on purpose");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM org_units")->i64(0), 0);
}

TEST_P(DbTest, TransactionCommits) {
  auto c = migrated();
  auto r = ec::db::in_transaction(*c, [&]() -> ec::result<std::int64_t> {
    return c->exec(
        "INSERT INTO org_units (kind, name, path, created_at, updated_at) VALUES (?, ?, '', 0, 0)",
        {std::string("street"), std::string("田镇街道")});
  });
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(*r, 1);
  // Visible from another connection (c is still leased), so it really was committed.
  auto other = lease();
  EXPECT_EQ(count(*other, "org_units"), 1);
}

TEST_P(DbTest, ExplicitRollbackDiscardsWrites) {
  auto c = migrated();
  ASSERT_TRUE(c->begin(true).ok());
  ASSERT_TRUE(c->exec("INSERT INTO audit_log (at, action, entity) VALUES (1, 'a', 'b')").ok());
  EXPECT_EQ(count(*c, "audit_log"), 1);
  ASSERT_TRUE(c->rollback().ok());
  EXPECT_EQ(count(*c, "audit_log"), 0);
  // Rolling back with nothing open is harmless.
  EXPECT_TRUE(c->rollback().ok());
}

TEST_P(DbTest, LeaseReturnedInsideTransactionIsRolledBack) {
  {
    auto c = migrated();
    ASSERT_TRUE(c->begin(true).ok());
    ASSERT_TRUE(c->exec("INSERT INTO audit_log (at, action, entity) VALUES (1, 'a', 'b')").ok());
  }  // back to the pool without commit
  auto c = lease();
  EXPECT_EQ(count(*c, "audit_log"), 0);
  EXPECT_TRUE(c->begin(true).ok()) << "the pooled connection is still inside a transaction";
  EXPECT_TRUE(c->commit().ok());
}

TEST_P(DbTest, ReadSnapshotIgnoresCommitsMadeDuringIt) {
  auto c = migrated();
  auto other = lease();
  auto seen = ec::db::in_read_snapshot(*c, [&]() -> ec::result<std::pair<int, int>> {
    int first = static_cast<int>(count(*c, "audit_log"));
    auto w = other->exec("INSERT INTO audit_log (at, action, entity) VALUES (1, 'a', 'b')");
    if (!w) return std::move(w).err();
    return std::pair{first, static_cast<int>(count(*c, "audit_log"))};
  });
  ASSERT_TRUE(seen.ok()) << seen.err().message;
  EXPECT_EQ(seen->first, 0);
  EXPECT_EQ(seen->second, 0) << "the second statement saw a commit made after the first";
  EXPECT_EQ(count(*c, "audit_log"), 1);  // the snapshot ended with the call
  // PostgreSQL also refuses writes inside one (the snapshot is for readers only).
  if (pg()) {
    auto w = ec::db::in_read_snapshot(*c, [&] {
      return c->exec("INSERT INTO audit_log (at, action, entity) VALUES (2, 'a', 'b')");
    });
    EXPECT_FALSE(w.ok());
  }
}

TEST_P(DbTest, UniqueViolationIsConflict) {
  auto c = migrated();
  ASSERT_TRUE(c->exec("INSERT INTO org_units (kind, name, path, created_at, updated_at) "
                      "VALUES ('street', 'root', '', 0, 0)")
                  .ok());
  auto p = c->exec(
      "INSERT INTO org_units (kind, name, parent_id, path, created_at, updated_at) "
      "VALUES ('community', 'A', 1, '', 0, 0)");
  ASSERT_TRUE(p.ok()) << p.err().message;
  auto dup = c->exec(
      "INSERT INTO org_units (kind, name, parent_id, path, created_at, updated_at) "
      "VALUES ('community', 'A', 1, '', 0, 0)");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.err().kind, ec::errc::conflict);
  EXPECT_EQ(dup.err().code, "db.unique");
  // A duplicate primary key is the same kind of error.
  auto pk =
      c->exec("INSERT INTO roles (code, name_zh, name_en, data_scope) VALUES (?, ?, ?, ?)",
              {std::string("auditor"), std::string("审计"), std::string("x"), std::string("all")});
  ASSERT_FALSE(pk.ok());
  EXPECT_EQ(pk.err().code, "db.unique");
}

TEST_P(DbTest, OtherConstraintViolationsAreInvalid) {
  auto c = migrated();
  auto check = c->exec(
      "INSERT INTO org_units (kind, name, path, created_at, updated_at) "
      "VALUES ('planet', 'x', '', 0, 0)");
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.err().kind, ec::errc::invalid);
  EXPECT_EQ(check.err().code, "db.constraint");
  auto fk = c->exec(
      "INSERT INTO org_units (kind, name, parent_id, path, created_at, updated_at) "
      "VALUES ('grid', 'x', 999, '', 0, 0)");
  ASSERT_FALSE(fk.ok());
  EXPECT_EQ(fk.err().code, "db.constraint");
  auto not_null = c->exec(
      "INSERT INTO org_units (kind, name, path, created_at, updated_at) "
      "VALUES ('grid', NULL, '', 0, 0)");
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.err().code, "db.constraint");
}

TEST_P(DbTest, SqlErrorsAreInternal) {
  auto c = lease();
  auto bad = c->query("SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().kind, ec::errc::internal);
  EXPECT_EQ(bad.err().code, "db.error");
  auto missing = c->query("SELECT * FROM no_such_table");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, "db.error");
  // The connection is still usable afterwards.
  EXPECT_EQ(c->one("SELECT 7")->i64(0), 7);
}

TEST_P(DbTest, ParameterCountMismatchIsRefused) {
  auto c = lease();
  auto r = c->query("SELECT CAST(? AS BIGINT)", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "db.bind");
  auto extra = c->query("SELECT 1", {value{std::int64_t{1}}});
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.err().code, "db.bind");
}

TEST_P(DbTest, AuditLogIsAppendOnly) {
  auto c = migrated();
  ASSERT_TRUE(
      c->exec("INSERT INTO audit_log (at, action, entity) VALUES (1, 'create', 'elder')").ok());
  EXPECT_FALSE(c->exec("UPDATE audit_log SET action = 'x'").ok());
  EXPECT_FALSE(c->exec("DELETE FROM audit_log").ok());
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM audit_log")->i64(0), 1);
  // 0008 added summary_zh: NULL for old entries, never '', and as unchangeable as the rest.
  ASSERT_TRUE(c->exec("INSERT INTO audit_log (at, action, entity, summary, summary_zh) VALUES "
                      "(2, 'login', 'session', 'signed in', '登录')")
                  .ok());
  auto empty = c->exec(
      "INSERT INTO audit_log (at, action, entity, summary, summary_zh) VALUES "
      "(3, 'login', 'session', 'signed in', '')");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.err().code, "db.constraint");
  EXPECT_FALSE(c->exec("UPDATE audit_log SET summary_zh = '新增' WHERE summary_zh IS NULL").ok());
  EXPECT_FALSE(c->exec("UPDATE audit_log SET summary_zh = NULL").ok());
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM audit_log WHERE summary_zh IS NULL")->i64(0), 1);
  EXPECT_EQ(c->one("SELECT summary_zh FROM audit_log WHERE at = 2")->str(0), "登录");
}

TEST_P(DbTest, BackupMakesAReadableCopyOrPointsToPgDump) {
  { auto c = migrated(); }
  auto target = (std::filesystem::temp_directory_path() / (name_ + "_copy.db")).string();
  auto st = db_->backup_to(target);
  if (pg()) {
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.err().kind, ec::errc::unsupported);
    EXPECT_NE(st.err().message.find("pg_dump"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(target));
    return;
  }
  ASSERT_TRUE(st.ok()) << st.err().message;
  {
    auto copy = ec::db::open({"sqlite:" + target, 1, 1000});
    auto c = copy->acquire();
    EXPECT_EQ((*c)->one("SELECT COUNT(*) FROM roles")->i64(0), 8);
  }
  std::filesystem::remove(target);
}

TEST_P(DbTest, ValuesRoundTripWithTheirTypes) {
  auto c = lease();
  ASSERT_TRUE(c->exec_script("CREATE TABLE vals (k BIGINT PRIMARY KEY, i BIGINT, "
                             "d DOUBLE PRECISION, s TEXT)")
                  .ok());
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  const std::string zh = "田镇街道·幸福社区 张三丰 👵🏻";
  const std::string tricky = "O'Brien says \"?\" -- not a comment $$ /* nor this */";
  struct sample {
    value i, d, s;
  };
  const std::vector<sample> samples = {
      {std::int64_t{max}, 0.1, zh},
      {std::int64_t{min}, -2.5e-300, tricky},
      {std::int64_t{0}, 1e300, std::string()},
      {std::int64_t{-1}, 1.0 / 3.0, std::string("plain")},
      {std::int64_t{42}, -std::numeric_limits<double>::infinity(), std::string("\t\n")},
      {ec::db::null(), ec::db::null(), ec::db::null()},
  };
  for (std::size_t k = 0; k < samples.size(); ++k) {
    const auto& s = samples[k];
    auto r = c->exec("INSERT INTO vals (k, i, d, s) VALUES (?, ?, ?, ?)",
                     {static_cast<std::int64_t>(k), s.i, s.d, s.s});
    ASSERT_TRUE(r.ok()) << r.err().message;
    EXPECT_EQ(*r, 1);
  }
  auto rows = c->query("SELECT i, d, s FROM vals ORDER BY k");
  ASSERT_TRUE(rows.ok()) << rows.err().message;
  ASSERT_EQ(rows->size(), samples.size());
  for (std::size_t k = 0; k < samples.size(); ++k) {
    const auto& r = (*rows)[k];
    // Exact equality: the variant alternative and the value both survive.
    EXPECT_EQ(r.at(0), samples[k].i) << "row " << k;
    EXPECT_EQ(r.at(1), samples[k].d) << "row " << k;
    EXPECT_EQ(r.at(2), samples[k].s) << "row " << k;
  }
  // Looking up by a Chinese text parameter finds the row.
  auto by_text = c->one("SELECT i FROM vals WHERE s = ?", {zh});
  ASSERT_TRUE(by_text.ok());
  EXPECT_EQ(by_text->i64(0), max);
  auto by_min = c->one("SELECT s FROM vals WHERE i = ?", {value{min}});
  ASSERT_TRUE(by_min.ok());
  EXPECT_EQ(by_min->str(0), tricky);
}

TEST_P(DbTest, ExpressionTypesMapToTheSameVariants) {
  auto c = lease();
  auto r = c->one("SELECT COUNT(*), 1 = 1, 1 = 2, CAST(2.5 AS NUMERIC), NULL, 'x', 2 * 3");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->at(0), value{std::int64_t{1}});
  EXPECT_EQ(r->at(1), value{std::int64_t{1}});  // PostgreSQL bool → 1
  EXPECT_EQ(r->at(2), value{std::int64_t{0}});
  EXPECT_EQ(r->at(3), value{2.5});
  EXPECT_TRUE(r->is_null(4));
  EXPECT_EQ(r->at(5), value{std::string("x")});
  EXPECT_EQ(r->at(6), value{std::int64_t{6}});
}

TEST_P(DbTest, QueryEachSeesRowsInPlaceLikeQuery) {
  auto c = lease();
  ASSERT_TRUE(c->exec_script("CREATE TABLE each_vals (k BIGINT PRIMARY KEY, i BIGINT, "
                             "d DOUBLE PRECISION, s TEXT)")
                  .ok());
  const std::string zh = "田镇街道·幸福社区 张三丰 👵🏻";
  const std::vector<std::vector<value>> samples = {
      {std::int64_t{std::numeric_limits<std::int64_t>::min()}, -2.5, zh},
      {std::int64_t{7}, 0.25, std::string("\t\"quoted\"")},
      {ec::db::null(), ec::db::null(), ec::db::null()},
  };
  for (std::size_t k = 0; k < samples.size(); ++k)
    ASSERT_TRUE(c->exec("INSERT INTO each_vals (k, i, d, s) VALUES (?, ?, ?, ?)",
                        {static_cast<std::int64_t>(k), samples[k][0], samples[k][1], samples[k][2]})
                    .ok());
  const std::string sql = "SELECT i, d, s, k = ? FROM each_vals WHERE k >= ? ORDER BY k";
  auto copied = c->query(sql, {std::int64_t{1}, std::int64_t{0}});
  ASSERT_TRUE(copied.ok()) << copied.err().message;
  std::size_t n = 0;
  auto st = c->query_each(sql, {std::int64_t{1}, std::int64_t{0}},
                          [&](const ec::db::row_view& r) -> ec::status {
                            const auto& want = (*copied)[n];
                            EXPECT_EQ(r.size(), 4u);
                            for (std::size_t i = 0; i < 3; ++i)
                              EXPECT_EQ(r.is_null(i), want.is_null(i)) << n << "/" << i;
                            EXPECT_EQ(r.str(0), want.str(0)) << n;
                            EXPECT_EQ(r.str(2), want.str(2)) << n;
                            EXPECT_EQ(r.i64(0), want.i64(0)) << n;
                            EXPECT_EQ(r.f64(1), want.f64(1)) << n;
                            EXPECT_EQ(r.opt_str(2).has_value(), !want.is_null(2)) << n;
                            // A boolean reads as 1/0 on both backends.
                            EXPECT_EQ(r.i64(3), n == 1 ? 1 : 0) << n;
                            EXPECT_EQ(r.str(3), n == 1 ? "1" : "0") << n;
                            ++n;
                            return {};
                          });
  ASSERT_TRUE(st.ok()) << st.err().message;
  EXPECT_EQ(n, samples.size());
  EXPECT_EQ((*copied)[0].str(2), zh);

  // An error from the callback stops the rows and is returned; the connection
  // (and its cached statement) stays usable.
  n = 0;
  st = c->query_each(sql, {std::int64_t{1}, std::int64_t{0}},
                     [&](const ec::db::row_view&) -> ec::status {
                       ++n;
                       return ec::error::make(ec::errc::conflict, "test.stop", "stop");
                     });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.err().code, "test.stop");
  EXPECT_EQ(n, 1u);
  n = 0;
  ASSERT_TRUE(c->query_each(sql, {std::int64_t{1}, std::int64_t{2}},
                            [&](const ec::db::row_view& r) -> ec::status {
                              EXPECT_TRUE(r.is_null(0));
                              EXPECT_EQ(r.i64(0), 0);
                              EXPECT_EQ(r.str(2), "");
                              ++n;
                              return {};
                            })
                  .ok());
  EXPECT_EQ(n, 1u);
  // SQL errors and parameter mismatches are reported as by query().
  auto bad = c->query_each("SELECT nope FROM each_vals", {},
                           [](const ec::db::row_view&) -> ec::status { return {}; });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().kind, ec::errc::internal);
  auto mismatch = c->query_each(sql, {std::int64_t{1}},
                                [](const ec::db::row_view&) -> ec::status { return {}; });
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.err().code, "db.bind");
}

TEST_P(DbTest, QuestionMarksInQuotesAndCommentsAreNotParameters) {
  auto c = lease();
  auto r = c->one(
      "SELECT 'a?b' AS \"q?\", /* ? */ CAST(? AS BIGINT) AS n, -- ?\n"
      " CAST(? AS TEXT) AS t",
      {value{std::int64_t{41}}, value{std::string("是?")}});
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->str(0), "a?b");
  EXPECT_EQ(r->at(1), value{std::int64_t{41}});
  EXPECT_EQ(r->str(2), "是?");
}

TEST_P(DbTest, ExecCountsChangedRowsAndReturningWorks) {
  auto c = migrated();
  std::vector<std::int64_t> ids;
  for (const char* name : {"甲", "乙", "丙"}) {
    auto r = c->one(
        "INSERT INTO org_units (kind, name, path, created_at, updated_at) "
        "VALUES ('street', ?, '', 0, 0) RETURNING id",
        {std::string(name)});
    ASSERT_TRUE(r.ok()) << r.err().message;
    ids.push_back(r->i64(0));
  }
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 2, 3}));
  auto upd = c->exec("UPDATE org_units SET sort = ? WHERE id >= ?",
                     {value{std::int64_t{5}}, value{std::int64_t{2}}});
  ASSERT_TRUE(upd.ok()) << upd.err().message;
  EXPECT_EQ(*upd, 2);
  auto none = c->exec("UPDATE org_units SET sort = 1 WHERE id = 99");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  // ON CONFLICT upsert, portable form.
  auto up = c->exec(
      "INSERT INTO role_permissions (role_code, permission) VALUES (?, ?) "
      "ON CONFLICT (role_code, permission) DO NOTHING",
      {std::string("auditor"), std::string("system:audit:view")});
  ASSERT_TRUE(up.ok()) << up.err().message;
  EXPECT_EQ(*up, 0);
}

TEST_P(DbTest, OrgPathsCompareByteWise) {
  auto c = migrated();
  // Prefix ranges on {{c_text}} columns rely on byte order: '/' < '0' < '9' < 'Z' < 'a'.
  for (const char* p : {"/1/", "/1/4/", "/1/4/17/", "/10/", "/1/a/", "/1/Z/"}) {
    ASSERT_TRUE(c->exec("INSERT INTO org_units (kind, name, path, created_at, updated_at) "
                        "VALUES ('grid', ?, ?, 0, 0)",
                        {std::string(p), std::string(p)})
                    .ok());
  }
  auto r = c->query("SELECT path FROM org_units WHERE path >= ? AND path < ? ORDER BY path",
                    {std::string("/1/"), std::string("/10")});
  ASSERT_TRUE(r.ok()) << r.err().message;
  std::vector<std::string> got;
  for (const auto& row : *r) got.push_back(row.str(0));
  EXPECT_EQ(got, (std::vector<std::string>{"/1/", "/1/4/", "/1/4/17/", "/1/Z/", "/1/a/"}));
}

TEST_P(DbTest, PoolWaitsThenReportsExhaustion) {
  auto small = ec::db::open({url_, 2, 200});
  auto a = small->acquire();
  auto b = small->acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  auto t0 = std::chrono::steady_clock::now();
  auto c = small->acquire();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.err().kind, ec::errc::unavailable);
  EXPECT_EQ(c.err().code, "db.pool_exhausted");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(190));
  // A connection handed back wakes a waiter.
  std::thread giver([l = std::move(*a)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (void)l;
  });
  auto d = small->acquire();
  giver.join();
  ASSERT_TRUE(d.ok()) << d.err().message;
  EXPECT_EQ((*d)->one("SELECT 1")->i64(0), 1);
}

TEST_P(DbTest, PoolServesMoreThreadsThanConnections) {
  { auto c = migrated(); }
  auto pool = ec::db::open({url_, 3, 10000});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto c = pool->acquire();
        if (!c) {
          ++failures;
          continue;
        }
        auto r = ec::db::in_transaction(**c, [&]() -> ec::result<std::int64_t> {
          return (*c)->exec("INSERT INTO audit_log (at, action, entity) VALUES (?, 'x', ?)",
                            {value{std::int64_t{t * 100 + i}}, std::string("stress")});
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto c = lease();
  EXPECT_EQ(
      c->one("SELECT COUNT(DISTINCT at) FROM audit_log WHERE entity = ?", {std::string("stress")})
          ->i64(0),
      200);
}

// A thread that commits write transactions back to back (the monitoring writer under load)
// must not starve other writers: each gets its turn well within the busy timeout.
TEST_P(DbTest, BackToBackWriterDoesNotStarveOtherWriters) {
  {
    auto c = lease();
    ASSERT_TRUE(c->exec_script("CREATE TABLE gate_t (k BIGINT NOT NULL, v TEXT NOT NULL)").ok());
  }
  auto pool = ec::db::open({url_, 4, 400});
  std::atomic<bool> stop{false};
  std::atomic<int> batches{0};
  std::thread busy([&] {
    auto c = pool->acquire();
    ASSERT_TRUE(c.ok());
    while (!stop) {
      auto r = ec::db::in_transaction(**c, [&]() -> ec::status {
        for (int i = 0; i < 200; ++i) {
          auto x = (*c)->exec("INSERT INTO gate_t (k, v) VALUES (?, ?)",
                              {value{std::int64_t{i}}, std::string("busy")});
          if (!x) return std::move(x).err();
        }
        return {};
      });
      ASSERT_TRUE(r.ok()) << r.err().message;
      ++batches;
    }
  });
  std::atomic<int> failures{0}, done{0};
  std::string last_error;
  std::mutex mu;
  std::vector<std::thread> others;
  for (int t = 0; t < 2; ++t)
    others.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        auto c = pool->acquire();
        if (!c) {
          ++failures;
          continue;
        }
        // A write transaction, then a single writing statement outside one.
        auto r = ec::db::in_transaction(**c, [&]() -> ec::result<std::int64_t> {
          return (*c)->exec("INSERT INTO gate_t (k, v) VALUES (?, ?)",
                            {value{std::int64_t{t * 100 + i}}, std::string("other")});
        });
        auto u = (*c)->exec("UPDATE gate_t SET v = 'updated' WHERE k = ? AND v = ?",
                            {value{std::int64_t{t * 100 + i}}, std::string("other")});
        if (!r || !u) {
          ++failures;
          std::lock_guard g(mu);
          last_error = !r ? r.err().message : u.err().message;
        } else {
          ++done;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  for (auto& th : others) th.join();
  stop = true;
  busy.join();
  EXPECT_EQ(failures.load(), 0) << last_error;
  EXPECT_EQ(done.load(), 60);
  EXPECT_GT(batches.load(), 0);
}

// ---------------------------------------------------------------------------
// PostgreSQL only: behaviour SQLite has no equivalent for.

class PgTest : public DbTest {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PgTest);
INSTANTIATE_TEST_SUITE_P(Backends, PgTest, ::testing::ValuesIn(pg_backends()), backend_name);

std::int64_t backend_pid(ec::db::connection& c) {
  auto r = c.one("SELECT pg_backend_pid()");
  EXPECT_TRUE(r.ok()) << r.err().message;
  return r ? r->i64(0) : 0;
}

// Terminates another session and waits (up to 5 s) until it is gone.
void terminate(ec::db::connection& killer, std::int64_t pid) {
  auto r = killer.one("SELECT pg_terminate_backend(?, 5000)", {value{pid}});
  ASSERT_TRUE(r.ok()) << r.err().message;
  ASSERT_EQ(r->i64(0), 1);
}

TEST_P(PgTest, KilledIdleConnectionIsReplacedOnAcquire) {
  std::int64_t victim = 0;
  {
    auto killer = lease();
    {
      auto a = lease();
      victim = backend_pid(*a);
      ASSERT_NE(victim, 0);
    }  // `a` now waits in the pool, first in line
    terminate(*killer, victim);
  }
  // The next acquire gets the killed session's slot and must still work.
  auto c = lease();
  auto pid = backend_pid(*c);
  EXPECT_NE(pid, 0);
  EXPECT_NE(pid, victim);
  EXPECT_EQ(c->one("SELECT 1 + 1")->i64(0), 2);
}

TEST_P(PgTest, KilledLeasedConnectionFailsThenPoolRecovers) {
  std::int64_t victim = 0;
  {
    auto a = lease();
    ASSERT_TRUE(a->one("SELECT 1").ok());  // leaves a prepared statement behind
    victim = backend_pid(*a);
    {
      auto b = lease();
      terminate(*b, victim);
    }
    auto r = a->query("SELECT 1");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().kind, ec::errc::unavailable);
    EXPECT_EQ(r.err().code, "db.connection");
  }
  // Every connection the pool hands out now works, whichever it picks.
  for (int i = 0; i < 4; ++i) {
    auto c = lease();
    EXPECT_NE(backend_pid(*c), victim);
    auto r = c->one("SELECT 1");
    ASSERT_TRUE(r.ok()) << r.err().message;
  }
}

TEST_P(PgTest, CommitOfAnAbortedTransactionFails) {
  auto c = migrated();
  ASSERT_TRUE(c->begin(true).ok());
  ASSERT_TRUE(c->exec("INSERT INTO audit_log (at, action, entity) VALUES (1, 'a', 'b')").ok());
  ASSERT_FALSE(c->exec("INSERT INTO audit_log (at) VALUES (NULL)").ok());
  auto st = c->commit();
  ASSERT_FALSE(st.ok()) << "PostgreSQL turned COMMIT into ROLLBACK; the caller must hear of it";
  EXPECT_EQ(st.err().code, "db.aborted");
  EXPECT_EQ(count(*c, "audit_log"), 0);
}

TEST_P(PgTest, TimeoutsAndLockWaitsAreBusy) {
  auto c = migrated();
  ASSERT_TRUE(c->begin(true).ok());
  ASSERT_TRUE(c->exec("SET LOCAL statement_timeout = 100").ok());
  auto slow = c->query("SELECT pg_sleep(5)");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.err().kind, ec::errc::unavailable);
  EXPECT_EQ(slow.err().code, "db.busy");
  ASSERT_TRUE(c->rollback().ok());

  ASSERT_TRUE(c->exec("INSERT INTO roles (code, name_zh, name_en, data_scope) "
                      "VALUES ('x', 'x', 'x', 'all')")
                  .ok());
  auto other = lease();
  ASSERT_TRUE(c->begin(true).ok());
  ASSERT_TRUE(c->query("SELECT code FROM roles WHERE code = 'x' FOR UPDATE").ok());
  auto locked = other->query("SELECT code FROM roles WHERE code = 'x' FOR UPDATE NOWAIT");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.err().code, "db.busy");
}

TEST_P(PgTest, SessionsAreConfigured) {
  auto c = migrated();  // migrate lifts statement_timeout for itself only
  EXPECT_EQ(c->one("SHOW application_name")->str(0), "eldercare");
  EXPECT_EQ(c->one("SHOW statement_timeout")->str(0), "30s");
  EXPECT_EQ(c->one("SHOW client_encoding")->str(0), "UTF8");
}

TEST_P(PgTest, StatementsArePreparedOnceAndTheCacheIsBounded) {
  auto c = lease();
  for (int i = 0; i < 3; ++i) {
    auto r = c->one("SELECT CAST(? AS BIGINT) + 1", {value{std::int64_t{i}}});
    ASSERT_TRUE(r.ok()) << r.err().message;
    EXPECT_EQ(r->i64(0), i + 1);
  }
  const char* sql = "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = ?";
  EXPECT_EQ(c->one(sql, {std::string("SELECT CAST($1 AS BIGINT) + 1")})->i64(0), 1);
  // Many distinct shapes: the cache is flushed rather than growing without bound,
  // and evicted statements are prepared again when used.
  for (int i = 0; i < 600; ++i) {
    auto r = c->one("SELECT " + std::to_string(i));
    ASSERT_TRUE(r.ok()) << r.err().message;
    ASSERT_EQ(r->i64(0), i);
  }
  auto total = c->one("SELECT COUNT(*) FROM pg_prepared_statements");
  ASSERT_TRUE(total.ok());
  EXPECT_LE(total->i64(0), 260);
  EXPECT_EQ(c->one("SELECT CAST(? AS BIGINT) + 1", {value{std::int64_t{9}}})->i64(0), 10);
}

TEST_P(PgTest, ConcurrentMigrationsApplyOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::atomic<std::size_t> applied{0};
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      auto c = db_->acquire();
      if (!c) {
        ++failures;
        return;
      }
      auto r = ec::db::migrate(**c);
      if (!r) {
        ++failures;
        return;
      }
      applied += r->size();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto c = lease();
  EXPECT_EQ(applied.load(), static_cast<std::size_t>(count(*c, "schema_migrations")));
  // The advisory lock was released: another session can take it at once.
  auto other = lease();
  EXPECT_EQ(other->one("SELECT pg_try_advisory_lock(7031222)")->i64(0), 1);
}

TEST_P(PgTest, MigrationsUseThePostgresDialect) {
  auto c = migrated();
  auto r = c->one(
      "SELECT data_type, collation_name FROM information_schema.columns "
      "WHERE table_name = 'elders' AND column_name = 'org_path'");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->str(0), "text");
  EXPECT_EQ(r->str(1), "C");
  auto id = c->one(
      "SELECT data_type, is_identity FROM information_schema.columns "
      "WHERE table_name = 'elders' AND column_name = 'id'");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->str(0), "bigint");
  EXPECT_EQ(id->str(1), "YES");
}

// ---------------------------------------------------------------------------
// Placeholder rewriting (no database needed).

using ec::db::postgres::rewrite_placeholders;

TEST(Row, ReadsColumnsInOrderByTheirTargetsTypes) {
  using ec::db::row;
  const row r({value{std::int64_t{7}}, value{2.5}, value{std::int64_t{0}}, value{std::string("x")},
               ec::db::null(), value{std::int64_t{9}}, ec::db::null(), value{std::string("y")}});
  std::int64_t i = -1;
  double d = 0;
  bool b = true;
  std::string s;
  std::optional<std::int64_t> no_i = 1, some_i;
  std::optional<std::string> no_s = "z", some_s;
  std::optional<double> no_d = 1.5, some_d;
  r.read(0, i, d, b, s, no_i, some_i, no_s, some_s);
  r.read(0, some_d);
  r.read(4, no_d);
  EXPECT_EQ(some_d, 7.0);
  EXPECT_EQ(no_d, std::nullopt);
  EXPECT_EQ(i, 7);
  EXPECT_EQ(d, 2.5);
  EXPECT_FALSE(b);
  EXPECT_EQ(s, "x");
  EXPECT_EQ(no_i, std::nullopt);
  EXPECT_EQ(some_i, 9);
  EXPECT_EQ(no_s, std::nullopt);
  EXPECT_EQ(some_s, "y");
  // From an offset; NULL reads as 0 and "" where the target is no optional.
  std::int64_t null_i = 5;
  std::string null_s = "old";
  r.read(4, null_i, b, null_s);
  EXPECT_EQ(null_i, 0);
  EXPECT_TRUE(b);
  EXPECT_EQ(null_s, "");
}

TEST(Row, TakeMovesTheTextOut) {
  ec::db::row r(
      {value{std::string("long enough not to fit a small string buffer")}, value{std::int64_t{3}}});
  std::string s;
  std::int64_t i = 0;
  r.take(0, s, i);
  EXPECT_EQ(s, "long enough not to fit a small string buffer");
  EXPECT_EQ(i, 3);
  EXPECT_EQ(r.str(0), "");  // moved from (libstdc++ empties a long string it moves)
}

TEST(PgRewrite, NumbersPlaceholdersInOrder) {
  int n = -1;
  EXPECT_EQ(rewrite_placeholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)", n),
            "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(rewrite_placeholders("SELECT 1", n), "SELECT 1");
  EXPECT_EQ(n, 0);
  EXPECT_EQ(rewrite_placeholders("?", n), "$1");
  EXPECT_EQ(rewrite_placeholders("a=?,b=?,c=?,d=?,e=?,f=?,g=?,h=?,i=?,j=?", n),
            "a=$1,b=$2,c=$3,d=$4,e=$5,f=$6,g=$7,h=$8,i=$9,j=$10");
  EXPECT_EQ(n, 10);
}

TEST(PgRewrite, LeavesQuotedTextAlone) {
  int n = 0;
  EXPECT_EQ(rewrite_placeholders("SELECT '?', 'it''s ?', ? FROM t", n),
            "SELECT '?', 'it''s ?', $1 FROM t");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(rewrite_placeholders("SELECT \"a?\", \"b\"\"?\" FROM t WHERE x = ?", n),
            "SELECT \"a?\", \"b\"\"?\" FROM t WHERE x = $1");
  EXPECT_EQ(n, 1);
  // Backslash escapes only in E'' strings; a plain '\' ends at its quote.
  EXPECT_EQ(rewrite_placeholders("SELECT E'\\'?', ?", n), "SELECT E'\\'?', $1");
  EXPECT_EQ(rewrite_placeholders("SELECT '\\', ?", n), "SELECT '\\', $1");
  EXPECT_EQ(rewrite_placeholders("SELECT type'?', ?", n), "SELECT type'?', $1");
  EXPECT_EQ(rewrite_placeholders("SELECT '田?镇', ?", n), "SELECT '田?镇', $1");
}

TEST(PgRewrite, LeavesDollarQuotesAlone) {
  int n = 0;
  EXPECT_EQ(rewrite_placeholders("SELECT $$ ? $$, ?", n), "SELECT $$ ? $$, $1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(rewrite_placeholders("DO $fn$ BEGIN PERFORM '?'; $$ ? $$; END $fn$; SELECT ?", n),
            "DO $fn$ BEGIN PERFORM '?'; $$ ? $$; END $fn$; SELECT $1");
  EXPECT_EQ(n, 1);
  // $1 is a parameter, not a quote; a $ inside an identifier opens nothing.
  EXPECT_EQ(rewrite_placeholders("SELECT $1, ?", n), "SELECT $1, $1");
  EXPECT_EQ(rewrite_placeholders("SELECT a$b$ FROM t WHERE x = ?", n),
            "SELECT a$b$ FROM t WHERE x = $1");
  EXPECT_EQ(n, 1);
  // Unterminated: everything after the opening tag is body.
  EXPECT_EQ(rewrite_placeholders("SELECT $q$ ?", n), "SELECT $q$ ?");
  EXPECT_EQ(n, 0);
}

TEST(PgRewrite, LeavesCommentsAlone) {
  int n = 0;
  EXPECT_EQ(rewrite_placeholders("SELECT ? -- why?\n, ?", n), "SELECT $1 -- why?\n, $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(rewrite_placeholders("SELECT /* a /* nested ? */ still ? */ ?", n),
            "SELECT /* a /* nested ? */ still ? */ $1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(rewrite_placeholders("SELECT 1 -- trailing ?", n), "SELECT 1 -- trailing ?");
  EXPECT_EQ(n, 0);
  // PostgreSQL casts and operators around a placeholder.
  EXPECT_EQ(rewrite_placeholders("SELECT ?::bigint, x::text = ?", n),
            "SELECT $1::bigint, x::text = $2");
  // A lone '-' or '/' is an operator.
  EXPECT_EQ(rewrite_placeholders("SELECT ? - ? / ?", n), "SELECT $1 - $2 / $3");
}

TEST(PgRewrite, UrlHelperKeepsQueryString) {
  // Guards the test fixture itself: a wrong database name would share state.
  EXPECT_EQ(with_dbname("postgresql://u@127.0.0.1:5432/postgres", "x"),
            "postgresql://u@127.0.0.1:5432/x");
  EXPECT_EQ(with_dbname("postgresql://u@h/postgres?sslmode=disable", "x"),
            "postgresql://u@h/x?sslmode=disable");
  EXPECT_EQ(with_dbname("postgresql://u@h:1", "x"), "postgresql://u@h:1/x");
  EXPECT_EQ(with_dbname("postgresql://u@h?sslmode=disable", "x"),
            "postgresql://u@h/x?sslmode=disable");
}

// The background checkpointer copies the WAL back into the database file, so that the WAL does
// not grow without bound under a steady stream of writes (SQLite only: PostgreSQL checkpoints by
// itself).
TEST(SqliteDb, CheckpointsTheWalIntoTheDatabaseFile) {
  auto dir = std::filesystem::temp_directory_path() / ("ec-wal-" + unique_name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto file = dir / "t.db";
  auto db = ec::db::open({"sqlite:" + file.string(), 1, 2000});
  {
    auto lc = db->acquire();
    ASSERT_TRUE(lc.ok()) << lc.err().message;
    auto& c = *lc;
    ASSERT_TRUE(c->exec_script("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)").ok());
    const std::string chunk(8000, 'x');  // ~2 pages a row
    for (int t = 0; t < 40; ++t) {
      auto st = ec::db::in_transaction(*c, [&]() -> ec::status {
        for (int i = 0; i < 50; ++i)
          if (auto r = c->exec("INSERT INTO blobs (b) VALUES (?)", {chunk}); !r) return r.err();
        return {};
      });
      ASSERT_TRUE(st.ok()) << st.err().message;
    }
  }
  // 16 MB went through the WAL; the checkpointer (woken at 1,000 pages, else every 5 s) must
  // have copied most of it into t.db while the database is open.
  std::uintmax_t size = 0;
  for (int i = 0; i < 150 && size < (12u << 20); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    size = std::filesystem::file_size(file);
  }
  EXPECT_GE(size, 12u << 20) << "the WAL was not checkpointed into the database file";
  db.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
