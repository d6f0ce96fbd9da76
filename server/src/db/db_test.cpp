#include "db/db.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "db/migrate.hpp"

namespace {

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ec_db_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    db_ = ec::db::open({"sqlite:" + (dir_ / "t.db").string(), 4, 2000});
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<ec::db::database> db_;
};

TEST_F(SqliteTest, MigratesOnceAndRecords) {
  auto c = db_->acquire();
  ASSERT_TRUE(c.ok());
  auto first = ec::db::migrate(**c);
  ASSERT_TRUE(first.ok()) << first.err().message;
  EXPECT_GE(first->size(), 2u);
  auto again = ec::db::migrate(**c);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto roles = (*c)->one("SELECT COUNT(*) FROM roles");
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(roles->i64(0), 8);
}

TEST_F(SqliteTest, TransactionRollsBackOnError) {
  auto c = db_->acquire();
  ASSERT_TRUE(ec::db::migrate(**c).ok());
  auto r = ec::db::in_transaction(**c, [&]() -> ec::result<int> {
    auto a = (*c)->exec(
        "INSERT INTO org_units (kind, name, path, created_at, updated_at) VALUES (?, ?, '', 0, 0)",
        {std::string("street"), std::string("田镇街道")});
    if (!a) return std::move(a).err();
    return ec::error::invalid("x", "y", "fail on purpose");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ((*c)->one("SELECT COUNT(*) FROM org_units")->i64(0), 0);
}

TEST_F(SqliteTest, UniqueViolationIsConflict) {
  auto c = db_->acquire();
  ASSERT_TRUE(ec::db::migrate(**c).ok());
  ASSERT_TRUE((*c)->exec("INSERT INTO org_units (kind, name, path, created_at, updated_at) "
                         "VALUES ('street', 'root', '', 0, 0)")
                  .ok());
  auto p = (*c)->exec("INSERT INTO org_units (kind, name, parent_id, path, created_at, updated_at) "
                      "VALUES ('community', 'A', 1, '', 0, 0)");
  ASSERT_TRUE(p.ok());
  auto dup = (*c)->exec("INSERT INTO org_units (kind, name, parent_id, path, created_at, updated_at) "
                        "VALUES ('community', 'A', 1, '', 0, 0)");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.err().kind, ec::errc::conflict);
}

TEST_F(SqliteTest, AuditLogIsAppendOnly) {
  auto c = db_->acquire();
  ASSERT_TRUE(ec::db::migrate(**c).ok());
  ASSERT_TRUE((*c)->exec("INSERT INTO audit_log (at, action, entity) VALUES (1, 'create', 'elder')").ok());
  EXPECT_FALSE((*c)->exec("UPDATE audit_log SET action = 'x'").ok());
  EXPECT_FALSE((*c)->exec("DELETE FROM audit_log").ok());
  EXPECT_EQ((*c)->one("SELECT COUNT(*) FROM audit_log")->i64(0), 1);
}

TEST_F(SqliteTest, BackupMakesAReadableCopy) {
  {
    auto c = db_->acquire();
    ASSERT_TRUE(ec::db::migrate(**c).ok());
  }
  auto target = (dir_ / "copy.db").string();
  ASSERT_TRUE(db_->backup_to(target).ok());
  auto copy = ec::db::open({"sqlite:" + target, 1, 1000});
  auto c = copy->acquire();
  EXPECT_EQ((*c)->one("SELECT COUNT(*) FROM roles")->i64(0), 8);
}

}  // namespace
