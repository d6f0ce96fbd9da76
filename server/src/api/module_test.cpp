// The module list and what the modules declare (api/module.hpp), checked as a whole:
// - every route names a permission of the catalogue;
// - every catalogue permission is used: by a route, or by a check in the server's code or the
//   web app's (a button, a menu entry), and is held by at least one role of a fresh database;
// - codes are unique across modules and belong to their module;
// - a module includes another module only through that module's public header
//   (modules/<m>/<m>.hpp), and the toolkit includes no module but the system's.
#include "api/module.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "api/source_tree.hpp"
#include "db/migrate.hpp"

namespace ec::api {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has_ext(const fs::path& p, std::initializer_list<std::string_view> exts) {
  auto e = p.extension().string();
  for (auto x : exts)
    if (e == x) return true;
  return false;
}

// Every file below `dir` with one of `exts`, read whole.
std::map<fs::path, std::string> sources(const fs::path& dir,
                                        std::initializer_list<std::string_view> exts) {
  std::map<fs::path, std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || !has_ext(e.path(), exts)) continue;
    if (e.path().string().find("node_modules") != std::string::npos) continue;
    out.emplace(e.path(), read_file(e.path()));
  }
  return out;
}

// A fresh SQLite database in a directory of its own, removed afterwards.
class FreshDb : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ec-module-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    db_ = db::open({"sqlite:" + (dir_ / "t.db").string(), 1, 5000});
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
  std::unique_ptr<db::database> db_;
};

TEST(ModuleKit, EveryRoutePermissionIsInTheCatalogue) {
  router r;
  register_all_routes(r);
  ASSERT_FALSE(r.routes().empty());
  for (const auto& rt : r.routes()) {
    if (rt.permission.empty()) continue;
    EXPECT_NE(find_permission(rt.permission), nullptr)
        << rt.method << " " << rt.pattern << " names " << rt.permission
        << ", which no module declares";
  }
}

TEST(ModuleKit, CodesAreUniqueAndBelongToTheirModule) {
  std::set<std::string_view> names, perms, errors, fields, entities, actions;
  for (const auto* m : all_modules()) {
    EXPECT_TRUE(names.insert(m->name).second) << "module " << m->name << " listed twice";
    EXPECT_FALSE(m->title_zh.empty());
    EXPECT_FALSE(m->title_en.empty());
    for (const auto& p : m->permissions) {
      EXPECT_TRUE(perms.insert(p.code).second) << p.code << " declared twice";
      EXPECT_TRUE(p.code.starts_with(std::string(m->name) + ":"))
          << p.code << " is declared by module " << m->name;
      EXPECT_EQ(std::count(p.code.begin(), p.code.end(), ':'), 2)
          << p.code << " is not module:entity:action";
      EXPECT_FALSE(p.name_zh.empty() || p.name_en.empty()) << p.code << " lacks a name";
      EXPECT_FALSE(p.default_roles.empty()) << p.code << " has no default role";
    }
    for (const auto& e : m->errors) {
      EXPECT_TRUE(errors.insert(e.code).second) << "error " << e.code << " declared twice";
      EXPECT_FALSE(e.zh.empty() || e.en.empty()) << "error " << e.code << " lacks a message";
    }
    for (const auto& f : m->fields)
      EXPECT_TRUE(fields.insert(f.code).second) << "field " << f.code << " declared twice";
    for (const auto& l : m->audit_entities)
      EXPECT_TRUE(entities.insert(l.code).second) << "audit entity " << l.code << " twice";
    for (const auto& l : m->audit_actions)
      EXPECT_TRUE(actions.insert(l.code).second) << "audit action " << l.code << " twice";
  }
}

TEST(ModuleKit, EveryPermissionIsUsedByARouteOrACheck) {
  auto root = test_support::source_root();
  ASSERT_TRUE(root) << "source tree not found: set ELDERCARE_SOURCE_DIR";
  router r;
  register_all_routes(r);
  std::set<std::string> by_route;
  for (const auto& rt : r.routes()) by_route.insert(rt.permission);
  // Checks in code: the server's (who.can("…")), the web app's (v-perm, route meta, menus).
  std::string code;
  for (const auto& [path, text] : sources(*root / "server" / "src", {".cpp", ".hpp"}))
    if (path.filename() != "module.cpp" && !path.string().ends_with("_test.cpp")) code += text;
  for (const auto& [path, text] : sources(*root / "web" / "src", {".ts", ".vue"}))
    if (!path.string().ends_with(".test.ts")) code += text;
  for (const auto* m : all_modules())
    for (const auto& p : m->permissions) {
      std::string quoted1 = "\"" + std::string(p.code) + "\"";
      std::string quoted2 = "'" + std::string(p.code) + "'";
      bool used = by_route.contains(std::string(p.code)) ||
                  code.find(quoted1) != std::string::npos ||
                  code.find(quoted2) != std::string::npos;
      EXPECT_TRUE(used) << p.code
                        << " is in the catalogue but no route, server check or web "
                           "page uses it";
    }
}

TEST_F(FreshDb, EveryPermissionIsHeldByARoleOfAFreshDatabase) {
  auto c = db_->acquire();
  ASSERT_TRUE(c) << c.err().message;
  auto m = db::migrate(**c);
  ASSERT_TRUE(m) << m.err().message;
  auto st = sync_permissions(**c);
  ASSERT_TRUE(st) << st.err().message;
  // Idempotent: a second start grants nothing new and fails on nothing.
  ASSERT_TRUE(sync_permissions(**c));
  for (const auto* mod : all_modules())
    for (const auto& p : mod->permissions) {
      auto n = (*c)->one("SELECT COUNT(*) FROM role_permissions WHERE permission = ?",
                         {std::string(p.code)});
      ASSERT_TRUE(n) << n.err().message;
      EXPECT_GT(n->i64(0), 0) << p.code << " is held by no role";
    }
}

TEST_F(FreshDb, ANewPermissionIsGrantedOnceAndAnAdministratorsRevocationStays) {
  auto c = db_->acquire();
  ASSERT_TRUE(c);
  ASSERT_TRUE(db::migrate(**c));
  ASSERT_TRUE(sync_permissions(**c));
  // Pretend the database predates monitoring:plan:edit, and an admin revoked another grant.
  ASSERT_TRUE((*c)->exec("DELETE FROM permissions WHERE code = 'monitoring:plan:edit'"));
  ASSERT_TRUE((*c)->exec("DELETE FROM role_permissions WHERE permission = 'monitoring:plan:edit'"));
  ASSERT_TRUE(
      (*c)->exec("DELETE FROM role_permissions WHERE role_code = 'auditor' AND "
                 "permission = 'system:audit:view'"));
  ASSERT_TRUE(sync_permissions(**c));
  auto plan =
      (*c)->one("SELECT COUNT(*) FROM role_permissions WHERE permission = 'monitoring:plan:edit'");
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->i64(0), 2);  // street_admin and community_staff, its default roles
  auto audit = (*c)->one(
      "SELECT COUNT(*) FROM role_permissions WHERE role_code = 'auditor' AND permission = "
      "'system:audit:view'");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->i64(0), 0);  // seen before: the administrator's change stays
}

// A module includes another only through its public header modules/<m>/<m>.hpp; the toolkit
// (api, core, db, ingest, net) includes no module but the system module's public header.
// Tests are exempt.
TEST(ModuleKit, ModulesMeetOnlyThroughPublicHeaders) {
  auto root = test_support::source_root();
  ASSERT_TRUE(root) << "source tree not found: set ELDERCARE_SOURCE_DIR";
  const auto src = *root / "server" / "src";
  const std::regex include_re(R"re(#include\s+"modules/([a-z_]+)/([^"]+)")re");
  int checked = 0;
  for (const auto& [path, text] : sources(src, {".cpp", ".hpp"})) {
    // Tests may reach into what they test (net/'s webhook delivery test drives monitoring's
    // notifier over a real socket).
    if (path.string().ends_with("_test.cpp")) continue;
    auto rel = fs::relative(path, src);
    auto first = rel.begin()->string();
    std::string own;  // the module this file belongs to, if any
    if (first == "modules" && std::distance(rel.begin(), rel.end()) > 2)
      own = std::next(rel.begin())->string();
    bool toolkit =
        first == "api" || first == "core" || first == "db" || first == "ingest" || first == "net";
    for (std::sregex_iterator it(text.begin(), text.end(), include_re), end; it != end; ++it) {
      ++checked;
      auto target = (*it)[1].str();
      auto header = (*it)[2].str();
      if (target == own) continue;
      bool is_public = header == target + ".hpp";
      if (toolkit)
        EXPECT_TRUE(target == "system" && is_public)
            << rel.string() << " (toolkit) includes modules/" << target << "/" << header;
      else
        EXPECT_TRUE(is_public) << rel.string() << " includes modules/" << target << "/" << header
                               << "; use modules/" << target << "/" << target << ".hpp";
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace ec::api
