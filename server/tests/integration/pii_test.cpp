// Personal data encrypted at rest (issue 9), on both backends: the stored rows hold no clear
// ID or phone numbers, search and duplicate checks still work through the blind indexes, a
// copy of the database without the key reveals nothing and with the key everything, `eldercare
// rekey` rotates the key under a serving node, and `eldercare encrypt-pii` converts a database
// with clear rows in batches, resuming where it stopped.
#include "core/pii.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>

#include "core/idcard.hpp"
#include "core/phone.hpp"
#include "db/db.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using it::backend_name;
using it::client;

constexpr const char* k_phone = "13712340987";
constexpr const char* k_contact_phone = "15855556789";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<ec::db::database> open_db(const std::string& url) {
  return ec::db::open({url, 1, 5000});
}

std::int64_t scalar(ec::db::database& db, const std::string& sql, const ec::db::params& a = {}) {
  auto c = db.acquire();
  EXPECT_TRUE(c);
  auto r = (*c)->one(sql, a);
  EXPECT_TRUE(r) << sql << ": " << (r ? "" : r.err().message);
  return r ? r->i64(0) : -1;
}

// Every elder and contact row as one text (what a dump of those tables would show).
std::string table_text(ec::db::database& db) {
  auto c = db.acquire();
  EXPECT_TRUE(c);
  std::string all;
  for (const char* sql :
       {"SELECT name, id_number, id_tail, COALESCE(phone, ''), COALESCE(id_bi, ''), "
        "COALESCE(phone_bi, ''), address FROM elders",
        "SELECT name, phone FROM elder_contacts",
        "SELECT summary, COALESCE(changes, '') FROM "
        "audit_log"}) {
    auto rows = (*c)->query(sql);
    EXPECT_TRUE(rows) << sql;
    if (!rows) continue;
    for (const auto& r : *rows)
      for (std::size_t i = 0; i < r.size(); ++i) all += r.str(i) + "|";
  }
  return all;
}

class Pii : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<it::server> start(int elders = 40) {
    return it::start_server(elders, GetParam());
  }
  static client signed_in(const it::server& s, const std::string& user) {
    return it::signed_in(s, user);
  }
  static std::int64_t unit(const it::server& s, const std::string& name) {
    auto admin = signed_in(s, "admin");
    return it::unit_id(admin, name);
  }
  // Registers an elder with known numbers; returns its id.
  static std::int64_t register_elder(const it::server& s, const std::string& idn) {
    auto c = signed_in(s, "guanzhuang");
    json::object body{
        {"name", "加密测试"},
        {"id_number", idn},
        {"phone", k_phone},
        {"living_status", "alone"},
        {"org_unit_id", unit(s, "官庄社区")},
        {"contacts", json::array{json::object{
                         {"name", "李建国"}, {"relation", "son"}, {"phone", k_contact_phone}}}}};
    auto r = c.post("/api/v1/elders", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static std::string reveal(client& c, std::int64_t id, const std::string& field,
                            int* status = nullptr) {
    json::object body{{"field", field}};
    if (field == "contact_phone") {
      auto detail = c.get("/api/v1/elders/" + std::to_string(id)).json();
      body["contact_id"] = detail.at("contacts").at(0).at("id").as_int64();
    }
    auto r = c.post("/api/v1/elders/" + std::to_string(id) + "/reveal", body);
    if (status) *status = r.status;
    if (r.status != 200) return "HTTP " + std::to_string(r.status) + " " + r.body;
    return std::string(r.json().at("value").as_string());
  }
  static std::int64_t total(client& c, const std::string& q) {
    auto r = c.get("/api/v1/elders?status=all&q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("total").as_int64() : -1;
  }
  // A copy of the served database: a SQLite backup file, or a PostgreSQL database cloned
  // from it (the server must be stopped for that); dropped with the returned server.
  static it::existing_database copy_of(it::server& s, const std::string& name) {
    it::existing_database db;
    db.backend = s.backend();
    db.password = s.password();
    if (s.backend() == "sqlite") {
      std::string out;
      auto file = s.dir() + "/backups/" + name + ".db";
      fs::create_directories(s.dir() + "/backups");
      EXPECT_EQ(s.run({"backup", "--to", file}, out), 0) << out;
      db.database_url = "sqlite:" + file;
    } else {
      s.stop();
      auto url = s.database_url();
      auto src = url.substr(url.rfind('/') + 1);
      src = src.substr(0, src.find('?'));
      std::random_device rd;
      db.pg_database = "ec_it_copy_" + std::to_string(rd());
      auto admin = open_db(it::pg_test_url());
      auto c = admin->acquire();
      EXPECT_TRUE(c);
      auto r = (*c)->exec("CREATE DATABASE " + db.pg_database + " TEMPLATE " + src);
      EXPECT_TRUE(r) << (r ? "" : r.err().message);
      db.database_url = it::with_dbname(it::pg_test_url(), db.pg_database);
    }
    return db;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Pii, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Pii, RowsHoldNoClearNumbersAndSearchStillFinds) {
  auto s = start();
  const auto idn = it::make_id(1948, 3, 17, 457);
  auto id = register_elder(*s, idn);
  ASSERT_GT(id, 0);
  auto db = open_db(s->database_url());
  // Every row, demo ones included, is encrypted under key 1; no clear tail is kept.
  EXPECT_EQ(scalar(*db,
                   "SELECT COUNT(*) FROM elders WHERE pii_key <> 1 OR id_number NOT LIKE "
                   "'ec1:1:%' OR id_tail <> '' OR id_bi IS NULL"),
            0);
  EXPECT_EQ(scalar(*db,
                   "SELECT COUNT(*) FROM elders WHERE phone IS NOT NULL AND phone NOT LIKE "
                   "'ec1:1:%'"),
            0);
  EXPECT_EQ(scalar(*db,
                   "SELECT COUNT(*) FROM elder_contacts WHERE pii_key <> 1 OR phone NOT "
                   "LIKE 'ec1:1:%'"),
            0);
  EXPECT_GT(scalar(*db, "SELECT COUNT(*) FROM elder_contacts"), 0);
  auto text = table_text(*db);
  EXPECT_EQ(text.find(idn), std::string::npos);
  EXPECT_EQ(text.find(idn.substr(12)), std::string::npos);  // not even the last six
  EXPECT_EQ(text.find(k_phone), std::string::npos);
  EXPECT_EQ(text.find(k_contact_phone), std::string::npos);
  EXPECT_NE(text.find("加密测试"), std::string::npos);  // the name is there, in clear

  auto c = signed_in(*s, "guanzhuang");
  auto detail = c.get("/api/v1/elders/" + std::to_string(id)).json();
  EXPECT_EQ(std::string(detail.at("id_number_masked").as_string()),
            idn.substr(0, 6) + "********" + idn.substr(14));
  EXPECT_EQ(detail.at("phone_masked"), "137****0987");
  EXPECT_EQ(detail.at("contacts").at(0).at("phone_masked"), "158****6789");
  EXPECT_EQ(reveal(c, id, "id_number"), idn);
  EXPECT_EQ(reveal(c, id, "phone"), k_phone);
  EXPECT_EQ(reveal(c, id, "contact_phone"), k_contact_phone);

  // Search: the last 4, 5 or 6 characters of the ID, the whole ID, the whole phone or its
  // last 4 digits; never a substring.
  EXPECT_EQ(total(c, idn.substr(14)) >= 1, true);
  EXPECT_EQ(total(c, idn.substr(13)), 1);
  EXPECT_EQ(total(c, idn.substr(12)), 1);
  EXPECT_EQ(total(c, idn), 1);
  EXPECT_EQ(total(c, k_phone), 1);
  EXPECT_EQ(total(c, "137-1234-0987"), 1);
  EXPECT_GE(total(c, "0987"), 1);
  EXPECT_EQ(total(c, "1234098"), 0);
  auto list = c.get("/api/v1/elders?q=" + idn.substr(12)).json();
  EXPECT_EQ(list.at("items").at(0).at("id").as_int64(), id);
  EXPECT_EQ(list.at("items").at(0).at("phone_masked"), "137****0987");

  // The duplicate check goes through the blind index.
  json::object dup{{"name", "重复"},
                   {"id_number", idn},
                   {"living_status", "alone"},
                   {"org_unit_id", unit(*s, "官庄社区")}};
  auto r = c.post("/api/v1/elders", dup);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "elder.id_number_duplicate");
  // An edit re-encrypts and keeps the indexes right.
  auto up = c.put("/api/v1/elders/" + std::to_string(id),
                  json::object{{"version", 1}, {"phone", "13600001111"}});
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(total(c, "13600001111"), 1);
  EXPECT_EQ(total(c, k_phone), 0);
  EXPECT_EQ(total(c, idn.substr(12)), 1);
  EXPECT_EQ(reveal(c, id, "contact_phone"), k_contact_phone);
}

TEST_P(Pii, BackupIsUselessWithoutTheKeyAndRestoresWithIt) {
  auto s = start();
  const auto idn = it::make_id(1950, 7, 9, 318);
  auto id = register_elder(*s, idn);
  ASSERT_GT(id, 0);
  auto key_env = s->environment().at("ELDERCARE_PII_KEY_FILE");
  auto copy = copy_of(*s, "plain");
  if (copy.backend == "sqlite") {
    // The backup file's bytes hold neither number, nor is the key beside it.
    auto file = copy.database_url.substr(7);
    auto bytes = read_all(file);
    ASSERT_GT(bytes.size(), 10000u);
    EXPECT_EQ(bytes.find(idn), std::string::npos);
    EXPECT_EQ(bytes.find(k_phone), std::string::npos);
    EXPECT_EQ(bytes.find(k_contact_phone), std::string::npos);
    EXPECT_EQ(bytes.find(read_all(key_env).substr(read_all(key_env).find("index ") + 6, 64)),
              std::string::npos);
  } else {
    auto db = open_db(copy.database_url);
    auto text = table_text(*db);
    EXPECT_EQ(text.find(idn), std::string::npos);
    EXPECT_EQ(text.find(k_phone), std::string::npos);
  }
  // Another key (the one a thief would have to guess): nothing reveals.
  {
    auto other = s->dir() + "/other-keys/pii.key";
    std::string out;
    ASSERT_EQ(s->run({"keygen", "--out", other}, out), 0) << out;
    it::server wrong(copy,
                     {{"ELDERCARE_PII_KEY_FILE", other}, {"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}});
    auto c = signed_in(wrong, "guanzhuang");
    int status = 0;
    auto v = reveal(c, id, "id_number", &status);
    EXPECT_EQ(status, 500) << v;
    EXPECT_NE(v.find("pii.decrypt"), std::string::npos) << v;
    EXPECT_EQ(v.find(idn), std::string::npos);
    EXPECT_EQ(total(c, idn.substr(12)), 0);  // the blind index needs the key too
    wrong.stop();
    copy.pg_database.clear();  // `wrong` dropped it; the next server gets a new copy
  }
  // With the key: the restored copy reveals the right numbers.
  auto copy2 = copy.backend == "sqlite" ? copy : copy_of(*s, "again");
  if (copy.backend == "sqlite") copy2.pg_database.clear();
  it::server restored(
      copy2, {{"ELDERCARE_PII_KEY_FILE", key_env}, {"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}});
  auto c = signed_in(restored, "guanzhuang");
  EXPECT_EQ(reveal(c, id, "id_number"), idn);
  EXPECT_EQ(reveal(c, id, "phone"), k_phone);
  EXPECT_EQ(reveal(c, id, "contact_phone"), k_contact_phone);
  EXPECT_EQ(total(c, idn.substr(12)), 1);
}

TEST_P(Pii, RekeyWhileServingThenReveal) {
  auto s = start();
  const auto idn = it::make_id(1944, 12, 1, 75);
  auto id = register_elder(*s, idn);
  ASSERT_GT(id, 0);
  auto key_file = s->environment().at("ELDERCARE_PII_KEY_FILE");
  std::string out;
  ASSERT_EQ(s->run({"rekey", "--wait", "0", "--batch", "7"}, out), 0) << out;
  EXPECT_NE(out.find("added key 2"), std::string::npos) << out;
  auto text = read_all(key_file);
  EXPECT_NE(text.find("key 1 "), std::string::npos);
  EXPECT_NE(text.find("key 2 "), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto db = open_db(s->database_url());
  EXPECT_EQ(scalar(*db,
                   "SELECT COUNT(*) FROM elders WHERE pii_key <> 2 OR id_number NOT LIKE "
                   "'ec1:2:%'"),
            0);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM elder_contacts WHERE pii_key <> 2"), 0);

  // The serving node (started under key 1 only) reads rows under key 2 and writes new ones
  // under it.
  auto c = signed_in(*s, "guanzhuang");
  EXPECT_EQ(reveal(c, id, "id_number"), idn);
  EXPECT_EQ(reveal(c, id, "contact_phone"), k_contact_phone);
  EXPECT_EQ(total(c, idn.substr(12)), 1);
  auto id2 = register_elder(*s, it::make_id(1944, 12, 2, 76));
  ASSERT_GT(id2, 0);
  EXPECT_EQ(scalar(*db, "SELECT pii_key FROM elders WHERE id = ?", {id2}), 2);

  ASSERT_EQ(s->run({"rekey", "--drop-old"}, out), 0) << out;
  text = read_all(key_file);
  EXPECT_EQ(text.find("key 1 "), std::string::npos);
  EXPECT_NE(text.find("key 2 "), std::string::npos);
  EXPECT_EQ(reveal(c, id, "phone"), k_phone);
  // A restart with the rotated file.
  s->stop();
  it::server again(*s, {{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}});
  auto c2 = signed_in(again, "guanzhuang");
  EXPECT_EQ(reveal(c2, id, "id_number"), idn);
  EXPECT_EQ(reveal(c2, id2, "id_number"), it::make_id(1944, 12, 2, 76));
}

// A database from before encryption: clear ID and phone numbers (pii_key 0, no blind
// indexes, the clear tail kept), made here by decrypting a demo database's rows in place.
TEST_P(Pii, EncryptPiiConvertsClearRowsInResumableBatches) {
  auto s = start(60);
  const auto idn = it::make_id(1946, 5, 5, 505);
  auto id = register_elder(*s, idn);
  ASSERT_GT(id, 0);
  s->stop();
  auto key = ec::pii::load_configured("", s->environment().at("ELDERCARE_PII_KEY_FILE"));
  ASSERT_TRUE(key);
  auto db = open_db(s->database_url());
  {
    auto c = db->acquire();
    ASSERT_TRUE(c);
    auto rows = (*c)->query("SELECT id, id_number, phone FROM elders");
    ASSERT_TRUE(rows);
    for (const auto& r : *rows) {
      auto i = ec::pii::decrypt(*key, "elders.id_number", r.str(1));
      ASSERT_TRUE(i);
      ec::db::value ph = ec::db::null();
      if (!r.is_null(2)) {
        auto p = ec::pii::decrypt(*key, "elders.phone", r.str(2));
        ASSERT_TRUE(p);
        ph = *p;
      }
      ASSERT_TRUE(
          (*c)->exec("UPDATE elders SET id_number = ?, id_tail = ?, phone = ?, pii_key = "
                     "0, id_bi = NULL, id_tail4_bi = NULL, id_tail5_bi = NULL, "
                     "id_tail6_bi = NULL, phone_bi = NULL, phone_tail4_bi = NULL WHERE "
                     "id = ?",
                     {*i, i->substr(12), ph, r.i64(0)}));
    }
    auto cs = (*c)->query("SELECT id, phone FROM elder_contacts");
    ASSERT_TRUE(cs);
    for (const auto& r : *cs) {
      auto p = ec::pii::decrypt(*key, "elder_contacts.phone", r.str(1));
      ASSERT_TRUE(p);
      ASSERT_TRUE((*c)->exec("UPDATE elder_contacts SET phone = ?, pii_key = 0 WHERE id = ?",
                             {*p, r.i64(0)}));
    }
  }
  const auto clear_rows = scalar(*db, "SELECT COUNT(*) FROM elders") +
                          scalar(*db, "SELECT COUNT(*) FROM elder_contacts");
  ASSERT_GT(clear_rows, 60);
  EXPECT_NE(table_text(*db).find(idn), std::string::npos);

  // Interrupted twice (a limit stands in for a stop), then resumed.
  std::string out;
  ASSERT_EQ(s->run({"encrypt-pii", "--batch", "7", "--limit", "20"}, out), 0) << out;
  EXPECT_NE(out.find("20 rows encrypted; " + std::to_string(clear_rows - 20) + " left"),
            std::string::npos)
      << out;
  ASSERT_EQ(s->run({"encrypt-pii", "--batch", "7", "--limit", "30"}, out), 0) << out;
  EXPECT_NE(out.find("30 rows encrypted; " + std::to_string(clear_rows - 50) + " left"),
            std::string::npos)
      << out;
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM elders WHERE pii_key = 0") +
                scalar(*db, "SELECT COUNT(*) FROM elder_contacts WHERE pii_key = 0"),
            clear_rows - 50);
  ASSERT_EQ(s->run({"encrypt-pii", "--batch", "7"}, out), 0) << out;
  EXPECT_NE(out.find(" 0 left"), std::string::npos) << out;
  auto text = table_text(*db);
  EXPECT_EQ(text.find(idn), std::string::npos);
  EXPECT_EQ(text.find(k_phone), std::string::npos);
  EXPECT_EQ(text.find(k_contact_phone), std::string::npos);
  EXPECT_EQ(scalar(*db, "SELECT COUNT(*) FROM elders WHERE id_tail <> '' OR id_bi IS NULL"), 0);

  db.reset();

  it::server after(*s, {{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}});
  auto c = signed_in(after, "guanzhuang");
  EXPECT_EQ(reveal(c, id, "id_number"), idn);
  EXPECT_EQ(reveal(c, id, "contact_phone"), k_contact_phone);
  EXPECT_EQ(total(c, idn.substr(12)), 1);
  EXPECT_EQ(total(c, k_phone), 1);
  auto page = c.get("/api/v1/elders?q=" + idn.substr(12)).json();
  ASSERT_EQ(page.at("items").as_array().size(), 1u);
  EXPECT_EQ(page.at("items").at(0).at("id_number_masked").as_string(), ec::idcard::mask(idn));
  EXPECT_EQ(page.at("items").at(0).at("phone_masked").as_string(), ec::phone::mask(k_phone));
}

}  // namespace
