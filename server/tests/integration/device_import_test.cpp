// Bulk device import (POST /api/v1/devices/import) against the real server: a dry run writes
// nothing; one bad row writes nothing and every error is listed with its row and column; an
// elder outside the caller's scope is an error on that row; the limits (rows, bytes, UTF-8,
// media type); the success path returns each secret once, the devices are listable and can
// ingest with it, and the audit has one entry per device plus one for the import. With a
// broker that cannot be reached, nothing is written and every device is reported as not
// provisioned; with the real broker (ELDERCARE_TEST_MQTT_URL + _ADMIN) an imported device can
// publish on its own topic.
//
// Runs on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/pii.hpp"
#include "core/sheet.hpp"
#include "core/timeutil.hpp"
#include "core/xlsx.hpp"
#include "db/db.hpp"
#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"
#include "support/broker.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using it::client;

using it::backend_name;

using it::env;

std::string suffix() {
  std::mt19937_64 rng{std::random_device{}()};
  std::string s;
  for (int i = 0; i < 6; ++i) s += "0123456789ABCDEF"[rng() % 16];
  return s;
}

const std::string k_bom = "\xEF\xBB\xBF";

// A stored ID number in clear: encrypted at rest, decrypted with the server's key file.
std::string clear_id(const it::server& s, const std::string& stored) {
  auto key = ec::pii::load_configured("", s.environment().at("ELDERCARE_PII_KEY_FILE"));
  EXPECT_TRUE(key) << (key ? "" : key.err().message);
  if (!key) return {};
  auto v = ec::pii::decrypt(*key, "elders.id_number", stored);
  EXPECT_TRUE(v) << (v ? "" : v.err().message);
  return v ? *v : std::string();
}

class DeviceImport : public it::shared_server_test<DeviceImport> {
 protected:
  // The ID number and name of the n-th active elder of a community (read from the database:
  // the API shows ID numbers masked).
  std::pair<std::string, std::string> elder_of(const std::string& community, int n = 0) {
    auto db = ec::db::open({srv_->database_url(), 1, 5000});
    auto c = db->acquire();
    auto r = (*c)->query(
        "SELECT e.id_number, e.name FROM elders e JOIN org_units u ON u.id = e.community_id "
        "WHERE u.name = ? AND e.status = 'active' ORDER BY e.id LIMIT 1 OFFSET ?",
        {community, static_cast<std::int64_t>(n)});
    EXPECT_TRUE(r && !r->empty()) << community;
    if (!r || r->empty()) return {};
    return {clear_id(*srv_, r->front().str(0)), r->front().str(1)};
  }
  std::int64_t count(const std::string& sql, const ec::db::params& args = {}) {
    auto db = ec::db::open({srv_->database_url(), 1, 5000});
    auto c = db->acquire();
    auto r = (*c)->one(sql, args);
    EXPECT_TRUE(r) << (r ? "" : r.err().message);
    return r ? r->i64(0) : -1;
  }
  static it::http_response send(client& c, const std::string& csv, bool dry_run,
                                const std::string& lang = "zh-CN",
                                const std::string& type = "text/csv; charset=utf-8") {
    return c.request("POST",
                     std::string("/api/v1/devices/import?dry_run=") + (dry_run ? "true" : "false"),
                     csv, type, {{"Accept-Language", lang}});
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, DeviceImport, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(DeviceImport, DryRunChecksEverythingAndWritesNothing) {
  auto staff = signed_in("guanzhuang");
  auto [idn, name] = elder_of("官庄社区", 0);
  auto p = "DRY-" + suffix();
  // Excel's CSV UTF-8: BOM, CRLF, quoted comma, a blank line at the end; Chinese names and a
  // code for the type; the ID number with a lower-case x would be fine too.
  std::string csv = k_bom + "序列号,类型,老人身份证号,安装位置,备注\r\n" + p + "-1,SOS呼叫器," +
                    idn + ",\"卧室, 床头\",\r\n" + p + "-2,door_sensor," + idn + ",门口,\r\n" + p +
                    "-3,紧急呼叫按钮,,,库存\r\n\r\n";
  auto devices_before = count("SELECT COUNT(*) FROM devices");
  auto audit_before = count("SELECT COUNT(*) FROM audit_log");
  auto r = send(staff, csv, true);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.json().as_object();
  EXPECT_EQ(rep.at("dry_run"), true);
  EXPECT_EQ(rep.at("total_rows").as_int64(), 3);
  EXPECT_EQ(rep.at("valid_rows").as_int64(), 3);
  EXPECT_EQ(rep.at("created").as_int64(), 0);
  EXPECT_TRUE(rep.at("errors").as_array().empty());
  const auto& ds = rep.at("devices").as_array();
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].at("type"), "sos_pendant");
  EXPECT_EQ(ds[0].at("location"), "卧室, 床头");
  EXPECT_EQ(ds[0].at("elder").at("name").as_string(), name);
  EXPECT_EQ(ds[0].at("row").as_int64(), 2);
  EXPECT_EQ(ds[2].at("type"), "sos_pendant");
  EXPECT_TRUE(ds[2].at("elder").is_null());
  EXPECT_FALSE(ds[0].as_object().contains("secret"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM devices"), devices_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audit_before);
}

TEST_P(DeviceImport, OneBadRowWritesNothingAndEveryErrorIsListed) {
  auto staff = signed_in("guanzhuang");
  auto [idn, name] = elder_of("官庄社区", 1);
  auto [foreign_idn, foreign_name] = elder_of("台孙村", 0);
  auto p = "BAD-" + suffix();
  // An already registered serial (registered one by one first).
  auto reg = staff.post("/api/v1/devices", json::object{{"serial", p + "-taken"}, {"type", "gas"}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  std::string wrong_check = idn.substr(0, 17) + (idn[17] == '1' ? "2" : "1");
  std::string csv = "serial,type,elder ID number,location\n" +          // row 1
                    p + "-ok,smoke,,厨房\n" +                           // row 2: fine
                    "a b,smoke,,\n" +                                   // row 3: bad serial
                    p + "-ok,gas,,\n" +                                 // row 4: repeated serial
                    p + "-TAKEN,gas,,\n" +                              // row 5: registered (case)
                    p + "-t,toaster,,\n" +                              // row 6: unknown type
                    p + "-id," + "water_leak," + wrong_check + ",\n" +  // row 7: check digit
                    p + "-far,gas," + foreign_idn + ",\n" +             // row 8: out of scope
                    p + "-loc,gas,," + std::string(33, 'x') + "\n" +    // row 9: too long
                    ",,,\n" +                                           // blank: skipped
                    p + "-nt,,,\n";                                     // row 11: no type
  auto before = count("SELECT COUNT(*) FROM devices");
  for (bool dry : {true, false}) {
    auto r = send(staff, csv, dry);
    ASSERT_EQ(r.status, dry ? 200 : 422) << r.body;
    auto rep = dry ? r.json().as_object() : r.json().at("report").as_object();
    if (!dry) {
      EXPECT_EQ(r.error_code(), "import.has_errors");
    }
    EXPECT_EQ(rep.at("total_rows").as_int64(), 9);
    EXPECT_EQ(rep.at("valid_rows").as_int64(), 1);
    EXPECT_EQ(rep.at("created").as_int64(), 0);
    std::vector<std::tuple<int, std::string, std::string>> got;
    for (const auto& e : rep.at("errors").as_array())
      got.emplace_back(static_cast<int>(e.at("row").as_int64()), e.at("column").as_string(),
                       e.at("code").as_string());
    std::vector<std::tuple<int, std::string, std::string>> want = {
        {3, "serial", "device.serial_invalid"},
        {4, "serial", "device_import.serial_repeated"},
        {5, "serial", "device.serial_taken"},
        {6, "type", "validation.enum"},
        {7, "elder_id_number", "id_number.check_digit"},
        {8, "elder_id_number", "device_import.elder_not_found"},
        {9, "location", "validation.too_long"},
        {11, "type", "validation.required"}};
    EXPECT_EQ(got, want) << r.body;
    // Messages name the row, the column and the rule in the request's language.
    const auto& errs = rep.at("errors").as_array();
    EXPECT_EQ(errs[2].at("message"), "第5行 序列号：已登记");
    EXPECT_EQ(errs[1].at("message"), "第4行 序列号：与文件第2行重复");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM devices"), before);
  auto en = send(staff, csv, true, "en");
  ASSERT_EQ(en.status, 200);
  auto en_body = en.json();
  const auto& errs = en_body.at("errors").as_array();
  EXPECT_EQ(errs[2].at("message"), "row 5, serial: already registered");
  EXPECT_EQ(errs[5].at("message"),
            "row 8, elder ID number: no elder with this ID number in your scope");
  // The sub-district admin sees 台孙村: the same row is fine for them.
  auto admin = signed_in("admin");
  auto one = send(admin, "序列号,类型,老人身份证号\n" + p + "-far,gas," + foreign_idn + "\n", true);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_TRUE(one.json().at("errors").as_array().empty());
  EXPECT_EQ(one.json().at("devices").at(0).at("elder").at("name").as_string(), foreign_name);
}

TEST_P(DeviceImport, HeaderProblemsAndLimits) {
  auto staff = signed_in("guanzhuang");
  // Unknown and missing columns are reported on row 1.
  auto h = send(staff, "序列号,设备型号\nX-1,gas\n", true);
  ASSERT_EQ(h.status, 200) << h.body;
  std::vector<std::string> codes;
  auto hv = h.json();
  for (const auto& e : hv.at("errors").as_array()) {
    EXPECT_EQ(e.at("row").as_int64(), 1);
    codes.emplace_back(e.at("code").as_string());
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"device_import.unknown_column",
                                             "device_import.missing_column"}));
  // A header only.
  auto none = send(staff, "序列号,类型\r\n\r\n", false);
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(none.error_code(), "device_import.no_rows");
  // More than 2,000 devices.
  std::string big = "序列号,类型\n";
  for (int i = 0; i < 2001; ++i) big += "LIM-" + std::to_string(i) + ",gas\n";
  auto many = send(staff, big, true);
  EXPECT_EQ(many.status, 413);
  EXPECT_EQ(many.error_code(), "device_import.too_many_rows");
  EXPECT_NE(many.json().at("error").at("message").as_string().find("2000"), std::string::npos);
  // More than 1 MiB.
  std::string huge = "序列号,类型,备注\n";
  while (huge.size() <= 1024 * 1024) huge += "BIG-1,gas," + std::string(400, 'n') + "\n";
  auto large = send(staff, huge, true);
  EXPECT_EQ(large.status, 413) << large.body.substr(0, 300);
  EXPECT_EQ(large.error_code(), "device_import.too_large");
  // Not UTF-8 (GBK "门磁"), and not CSV.
  auto gbk = send(staff, "serial,type\nX-1,\xC3\xC5\xB4\xC5\n", true);
  EXPECT_EQ(gbk.status, 422);
  EXPECT_EQ(gbk.error_code(), "import.not_utf8");
  auto js = send(staff, R"({"serial":"x"})", true, "zh-CN", "application/json");
  EXPECT_EQ(js.status, 415);
  EXPECT_EQ(send(staff, "serial,type\nX-1,gas\n", true, "zh-CN", "text/csv").status, 200);
  // dry_run must be true or false.
  auto q = staff.request("POST", "/api/v1/devices/import?dry_run=yes", "serial,type\n", "text/csv");
  EXPECT_EQ(q.status, 422);
  // Only who may register devices may import them.
  auto fam = signed_in("family");
  EXPECT_EQ(send(fam, "serial,type\nX-1,gas\n", true).status, 403);
}

TEST_P(DeviceImport, WorkbooksAndTheTemplate) {
  auto staff = signed_in("guanzhuang");
  // The template: the five columns and an example row whose ID number stayed text.
  auto t = staff.get("/api/v1/devices/import/template");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.headers.at("content-type"), std::string(ec::sheet::k_xlsx_type));
  EXPECT_NE(t.headers.at("content-disposition").find("devices-template.xlsx"), std::string::npos);
  auto sheet = ec::xlsx::read_first_sheet(t.body);
  ASSERT_TRUE(sheet) << sheet.err().message;
  ASSERT_EQ(sheet->size(), 2u);
  EXPECT_EQ((*sheet)[0],
            (std::vector<std::string>{"序列号", "类型", "老人身份证号", "安装位置", "备注"}));
  EXPECT_EQ((*sheet)[1][2], "11010519491231002X");
  EXPECT_EQ(signed_in("family").get("/api/v1/devices/import/template").status, 403);

  // A workbook filled in from it: checked, then imported; the format from the type or the name.
  auto [idn, name] = elder_of("官庄社区", 2);
  auto p = "XL-" + suffix();
  auto book = ec::xlsx::write_sheet(
      "设备清单", {{"序列号"}, {"类型"}, {"老人身份证号"}, {"安装位置"}},
      {{p + "-1", "SOS呼叫器", idn, "卧室"}, {}, {p + "-2", "门磁", "", "门口"}});
  ASSERT_TRUE(book) << book.err().message;
  auto dry = send(staff, *book, true, "zh-CN", std::string(ec::sheet::k_xlsx_type));
  ASSERT_EQ(dry.status, 200) << dry.body;
  auto rep = dry.json();
  EXPECT_EQ(rep.at("total_rows").as_int64(), 2);
  EXPECT_EQ(rep.at("valid_rows").as_int64(), 2);
  EXPECT_EQ(rep.at("devices").at(0).at("elder").at("name").as_string(), name);
  EXPECT_EQ(rep.at("devices").at(1).at("type"), "door_sensor");
  EXPECT_EQ(rep.at("devices").at(1).at("row").as_int64(), 4);  // the blank row 3 is skipped
  auto done = staff.request("POST", "/api/v1/devices/import?dry_run=false&filename=%E8%AE%BE.xlsx",
                            *book, "application/octet-stream");
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json().at("created").as_int64(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM devices WHERE serial LIKE ?", {p + "-%"}), 2);

  // Blank lines only: said in the device import's own words, not the elder import's.
  auto blank = send(staff, "\r\n,,\r\n", true);
  EXPECT_EQ(blank.status, 422);
  EXPECT_EQ(blank.error_code(), "device_import.no_header");
  EXPECT_NE(blank.body.find("序列号"), std::string::npos) << blank.body;
  EXPECT_EQ(blank.body.find("姓名"), std::string::npos) << blank.body;

  // Not a workbook, and no way to tell the format.
  auto broken = send(staff, "PK\x03\x04 not really a zip", true, "zh-CN",
                     std::string(ec::sheet::k_xlsx_type));
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_EQ(broken.error_code(), "import.xlsx_malformed");
  auto unknown = staff.request("POST", "/api/v1/devices/import?dry_run=true&filename=list.xls",
                               *book, "application/octet-stream");
  EXPECT_EQ(unknown.status, 415);
  EXPECT_EQ(unknown.error_code(), "device_import.media_type");
}

TEST_P(DeviceImport, SuccessReturnsEachSecretOnceAndAuditsEveryDevice) {
  auto staff = signed_in("guanzhuang");
  auto [idn, name] = elder_of("官庄社区", 2);
  auto p = "OK-" + suffix();
  std::string csv = k_bom + "*序列号,类型,老人身份证号,安装位置\r\n" + p + "-1,SOS呼叫器," + idn +
                    ",卧室\r\n" + p + "-2,门磁," + idn + ",门口\r\n" + p + "-3,烟雾报警器,,\r\n";
  auto r = send(staff, csv, false);
  ASSERT_EQ(r.status, 201) << r.body;
  auto rep = r.json().as_object();
  EXPECT_EQ(rep.at("created").as_int64(), 3);
  const auto& ds = rep.at("devices").as_array();
  ASSERT_EQ(ds.size(), 3u);
  std::map<std::string, std::string> secrets;
  for (const auto& d : ds) {
    std::string s(d.at("secret").as_string());
    EXPECT_EQ(s.size(), 32u);
    secrets[std::string(d.at("serial").as_string())] = s;
  }
  EXPECT_EQ(secrets.size(), 3u);
  EXPECT_NE(secrets[p + "-1"], secrets[p + "-2"]);

  // Listable, bound as the file says, never with the secret again.
  auto list = staff.get("/api/v1/devices?size=50&q=" + p);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("total").as_int64(), 3);
  for (const auto& [serial, secret] : secrets) EXPECT_EQ(list.body.find(secret), std::string::npos);
  auto lv = list.json();
  for (const auto& d : lv.at("items").as_array()) {
    if (d.at("serial").as_string() == p + "-3")
      EXPECT_TRUE(d.at("elder").is_null());
    else
      EXPECT_EQ(d.at("elder").at("name").as_string(), name);
  }
  // The same file again: every serial is now taken, nothing is written twice.
  auto again = send(staff, csv, false);
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.json().at("report").at("errors").as_array().size(), 3u);

  // The secret is the device's token (HTTP ingest).
  auto now = ec::timeutil::now_unix_ms();
  it::http_response ing;
  for (int i = 0; i < 100; ++i) {
    client dev(srv_->port());
    ing = dev.request("POST", "/api/v1/ingest",
                      R"({"id":"hb-1","type":"heartbeat","time":)" + std::to_string(now) + "}",
                      "application/json",
                      {{"Authorization", "Bearer " + p + "-1:" + secrets[p + "-1"]}});
    if (ing.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  EXPECT_EQ(ing.status, 200) << ing.body;

  // Audit: one entry per device as a single registration writes it, and one for the import;
  // no secret anywhere.
  auto admin = signed_in("admin");
  auto a = admin.get("/api/v1/audit?entity=device&action=import&size=50");
  ASSERT_EQ(a.status, 200) << a.body;
  bool found = false;
  auto av = a.json();
  for (const auto& e : av.at("items").as_array())
    if (e.at("summary").as_string() == "imported 3 devices") found = true;
  EXPECT_TRUE(found) << a.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'device' AND action = 'create' "
                  "AND summary LIKE ?",
                  {"registered device " + p + "-%"}),
            3);
  auto all = count("SELECT COUNT(*) FROM audit_log WHERE changes LIKE ? OR summary LIKE ?",
                   {"%" + secrets[p + "-1"] + "%", "%" + secrets[p + "-1"] + "%"});
  EXPECT_EQ(all, 0);
}

// A broker that cannot be reached: as for a single registration, nothing is written
// (503 device.provision_failed), and every device is named as not provisioned.
TEST(DeviceImportBroker, UnreachableBrokerWritesNothingAndNamesEveryDevice) {
  auto dir = fs::temp_directory_path() / ("ec-import-broker-" + suffix());
  fs::create_directories(dir);
  std::ofstream(dir / "service") << "eldercare-server:not-a-real-password\n";
  std::ofstream(dir / "admin") << "admin:not-a-real-password\n";
  // Port 1 on loopback: nothing listens there, connections are refused at once.
  it::server srv(20, {{"ELDERCARE_MQTT_URL", "mqtt://127.0.0.1:1"},
                      {"ELDERCARE_MQTT_CREDENTIALS", dir.string()}});
  client staff(srv.port());
  ASSERT_EQ(staff.login("guanzhuang", srv.password()).status, 200);
  auto p = "NB-" + suffix();
  auto r = staff.request("POST", "/api/v1/devices/import",
                         "序列号,类型\n" + p + "-1,gas\n" + p + "-2,smoke\n", "text/csv");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.error_code(), "device.provision_failed");
  auto body = r.json();
  const auto& np = body.at("report").at("not_provisioned").as_array();
  ASSERT_EQ(np.size(), 2u);
  EXPECT_EQ(np[0].at("column").as_string(), p + "-1");
  EXPECT_EQ(np[1].at("row").as_int64(), 3);
  EXPECT_EQ(r.body.find("\"secret\""), std::string::npos);
  auto list = staff.get("/api/v1/devices?q=" + p);
  EXPECT_EQ(list.json().at("total").as_int64(), 0);
  // The single registration does the same.
  auto one = staff.post("/api/v1/devices", json::object{{"serial", p + "-9"}, {"type", "gas"}});
  EXPECT_EQ(one.status, 503);
  fs::remove_all(dir);
}

class DeviceImportMqtt : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Broker, DeviceImportMqtt, ::testing::ValuesIn(it::mqtt_brokers()));
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeviceImportMqtt);

// With the real broker (registered only with ELDERCARE_TEST_MQTT_URL and _ADMIN, as
// scripts/test sets them): an imported device logs in with its serial and secret and publishes.
TEST_P(DeviceImportMqtt, ImportedDeviceCanPublish) {
  auto broker_dir = fs::path(env("ELDERCARE_TEST_MQTT_ADMIN")).parent_path();
  it::server srv(20, {{"ELDERCARE_MQTT_URL", env("ELDERCARE_TEST_MQTT_URL")},
                      {"ELDERCARE_MQTT_CREDENTIALS", broker_dir.string()},
                      {"ELDERCARE_MQTT_CLIENT_ID", "eldercare-import-" + suffix()}});
  auto db = ec::db::open({srv.database_url(), 1, 5000});
  auto c = db->acquire();
  auto elder = (*c)->one(
      "SELECT e.id_number FROM elders e JOIN org_units u ON u.id = e.community_id WHERE u.name = "
      "'官庄社区' AND e.status = 'active' ORDER BY e.id LIMIT 1");
  ASSERT_TRUE(elder);
  client staff(srv.port());
  ASSERT_EQ(staff.login("guanzhuang", srv.password()).status, 200);
  auto p = "MQ-" + suffix();
  std::string csv = "序列号,类型,老人身份证号\n";
  for (int i = 0; i < 120; ++i)  // more than one control message (100 devices each)
    csv += p + "-" + std::to_string(i) + ",door_sensor," + clear_id(srv, elder->str(0)) + "\n";
  auto r = staff.request("POST", "/api/v1/devices/import", csv, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = r.json();
  const auto& ds = body.at("devices").as_array();
  ASSERT_EQ(ds.size(), 120u);
  for (std::size_t pick : {std::size_t{0}, std::size_t{119}}) {
    std::string serial(ds[pick].at("serial").as_string());
    auto opts = ec::ingest::parse_mqtt_url(env("ELDERCARE_TEST_MQTT_URL"));
    ASSERT_TRUE(opts);
    opts->username = serial;
    opts->password = std::string(ds[pick].at("secret").as_string());
    opts->client_id = serial;
    ec::ingest::mqtt_client dev(*opts);
    ASSERT_TRUE(dev.start());
    ASSERT_TRUE(dev.wait_connected(std::chrono::seconds(10))) << dev.last_error();
    auto now = ec::timeutil::now_unix_ms();
    auto id = "door-" + std::to_string(pick);
    auto pub = dev.publish(
        ec::ingest::dynsec::up_topic(serial),
        R"({"id":")" + id + R"(","type":"door_open","time":)" + std::to_string(now) + "}", 1);
    ASSERT_TRUE(pub) << pub.err().message;
    std::int64_t n = 0;
    for (int i = 0; i < 100 && n == 0; ++i) {
      auto q = (*c)->one(
          "SELECT COUNT(*) FROM device_events ev JOIN devices d ON d.id = ev.device_id WHERE "
          "d.serial = ? AND ev.event_id = ?",
          {serial, id});
      ASSERT_TRUE(q);
      n = q->i64(0);
      if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(n, 1) << serial << "\n" << srv.log();
    dev.stop();
  }
  // Clean the broker of the test's logins.
  auto [user, pass] = [&] {
    std::ifstream in(broker_dir / "admin");
    std::string line;
    std::getline(in, line);
    auto colon = line.find(':');
    return std::make_pair(line.substr(0, colon), line.substr(colon + 1));
  }();
  auto ao = *ec::ingest::parse_mqtt_url(env("ELDERCARE_TEST_MQTT_URL"));
  ao.username = user;
  ao.password = pass;
  ao.client_id = "test-admin-" + suffix();
  ec::ingest::mqtt_client admin_client(ao);
  ASSERT_TRUE(admin_client.start());
  ASSERT_TRUE(admin_client.wait_connected(std::chrono::seconds(10)));
  ec::ingest::dynsec::admin admin(admin_client, std::chrono::seconds(30));
  std::vector<std::string> serials;
  for (const auto& d : ds) serials.emplace_back(d.at("serial").as_string());
  for (const auto& s : admin.delete_devices(serials)) EXPECT_TRUE(s);
  admin_client.stop();
}

}  // namespace
