// sys::audit: both summaries are stored, and an entry cannot be written without its Chinese
// text — not by the type (summary_text has no default and no one-language constructor), not
// at run time (an empty text is refused and nothing is written).
#include "modules/system/audit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <type_traits>

#include "db/migrate.hpp"

namespace ec::sys {
namespace {

static_assert(!std::is_default_constructible_v<summary_text>,
              "a summary cannot be left out of an audit entry");
static_assert(!std::is_constructible_v<summary_text, std::string>,
              "a summary needs its Chinese text too");
static_assert(!std::is_convertible_v<const char*, summary_text>,
              "an English string alone is not a summary");
static_assert(std::is_constructible_v<summary_text, std::string, std::string>);

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("ec_audit_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    db_ = db::open({"sqlite:" + (dir_ / "t.db").string(), 2, 5000});
    auto c = db_->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    auto m = db::migrate(**c);
    ASSERT_TRUE(m.ok()) << m.err().message;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::int64_t count(db::connection& c) { return c.one("SELECT COUNT(*) FROM audit_log")->i64(0); }

  std::filesystem::path dir_;
  std::unique_ptr<db::database> db_;
};

TEST_F(AuditTest, StoresBothSummaries) {
  auto c = db_->acquire();
  ASSERT_TRUE(c.ok());
  principal who;
  who.user_id = 7;
  who.username = "lz02";
  auto st =
      audit(**c, &who, "127.0.0.1",
            {"reveal", "elder", "12", {"revealed id_number of 张三", "查看 张三 的身份证号"}, {}});
  ASSERT_TRUE(st.ok()) << st.err().message;
  auto r = (*c)->one(
      "SELECT actor_id, actor_name, action, entity, entity_id, summary, summary_zh, changes "
      "FROM audit_log");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->i64(0), 7);
  EXPECT_EQ(r->str(1), "lz02");
  EXPECT_EQ(r->str(2), "reveal");
  EXPECT_EQ(r->str(5), "revealed id_number of 张三");
  EXPECT_EQ(r->str(6), "查看 张三 的身份证号");
  EXPECT_TRUE(r->is_null(7));
}

TEST_F(AuditTest, RefusesAnEmptySummaryInEitherLanguage) {
  auto c = db_->acquire();
  ASSERT_TRUE(c.ok());
  for (const auto& [en, zh] : std::vector<std::pair<std::string, std::string>>{
           {"signed in", ""}, {"", "登录"}, {"", ""}}) {
    auto st = audit(**c, nullptr, "", {"login", "session", "1", {en, zh}, {}});
    ASSERT_FALSE(st.ok()) << en << "/" << zh;
    EXPECT_EQ(st.err().code, "audit.summary_missing");
    EXPECT_EQ(st.err().kind, errc::internal);
  }
  EXPECT_EQ(count(**c), 0);
}

}  // namespace
}  // namespace ec::sys
