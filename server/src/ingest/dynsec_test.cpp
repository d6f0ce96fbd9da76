#include "ingest/dynsec.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;
namespace dynsec = ec::ingest::dynsec;

TEST(Dynsec, SerialsAreSafeTopicLevelsAndUserNames) {
  EXPECT_TRUE(dynsec::check_serial("SOS-2026.00017_a").ok());
  EXPECT_TRUE(dynsec::check_serial(std::string(64, 'a')).ok());
  for (std::string bad :
       std::vector<std::string>{"", "a/b", "a+b", "a#", "$SYS", "has space", "设备1",
                                std::string(65, 'a'), std::string("a\0b", 3)}) {
    EXPECT_FALSE(dynsec::check_serial(bad).ok()) << bad;
  }
  EXPECT_EQ(dynsec::up_topic("S1"), "eldercare/S1/up");
  EXPECT_EQ(dynsec::down_topic("S1"), "eldercare/S1/down");
  EXPECT_EQ(dynsec::device_role("S1"), "device-S1");
  auto p = dynsec::generate_password();
  EXPECT_EQ(p.size(), 32u);
  EXPECT_NE(p, dynsec::generate_password());
}

TEST(Dynsec, CreateDeviceRequestGivesTheDeviceOnlyItsOwnTopics) {
  auto v = json::parse(dynsec::create_device_request("S1", "secret-password-123", "t7"));
  auto& cmds = v.at("commands").as_array();
  ASSERT_EQ(cmds.size(), 2u);
  auto& role = cmds[0].as_object();
  EXPECT_EQ(role.at("command"), "createRole");
  EXPECT_EQ(role.at("rolename"), "device-S1");
  EXPECT_EQ(role.at("correlationData"), "t7:0");
  auto& acls = role.at("acls").as_array();
  ASSERT_EQ(acls.size(), 2u);
  EXPECT_EQ(acls[0].at("acltype"), "publishClientSend");
  EXPECT_EQ(acls[0].at("topic"), "eldercare/S1/up");
  EXPECT_EQ(acls[0].at("allow"), true);
  EXPECT_EQ(acls[1].at("acltype"), "subscribePattern");
  EXPECT_EQ(acls[1].at("topic"), "eldercare/S1/down");
  auto& client = cmds[1].as_object();
  EXPECT_EQ(client.at("command"), "createClient");
  EXPECT_EQ(client.at("username"), "S1");
  EXPECT_EQ(client.at("clientid"), "S1");
  EXPECT_EQ(client.at("password"), "secret-password-123");
  EXPECT_EQ(client.at("roles").at(0).at("rolename"), "device-S1");
  EXPECT_EQ(client.at("correlationData"), "t7:1");

  auto dis = json::parse(dynsec::set_device_enabled_request("S1", false, "t8"));
  EXPECT_EQ(dis.at("commands").at(0).at("command"), "disableClient");
  auto en = json::parse(dynsec::set_device_enabled_request("S1", true, "t8"));
  EXPECT_EQ(en.at("commands").at(0).at("command"), "enableClient");
  auto del = json::parse(dynsec::delete_device_request("S1", "t9"));
  EXPECT_EQ(del.at("commands").at(0).at("command"), "deleteClient");
  EXPECT_EQ(del.at("commands").at(1).at("command"), "deleteRole");
  EXPECT_EQ(del.at("commands").at(1).at("rolename"), "device-S1");
}

TEST(Dynsec, ResponsesParseAndMapToErrors) {
  auto r = dynsec::parse_responses(
      R"({"responses":[{"command":"createRole","correlationData":"t:0"},)"
      R"({"command":"createClient","error":"Client already exists","correlationData":"t:1"},)"
      R"({"command":"deleteClient","error":"Client not found"},)"
      R"({"command":"listClients","data":{"totalCount":1,"clients":["admin"]}},)"
      R"({"command":"createClient","error":"Invalid/missing username"},)"
      R"({"command":"Unknown command","error":"Payload not valid JSON"}]})");
  ASSERT_TRUE(r.ok()) << r.err().message;
  ASSERT_EQ(r->size(), 6u);
  auto& v = *r;
  EXPECT_EQ(v[0].correlation, "t:0");
  EXPECT_TRUE(dynsec::to_status(v[0]).ok());
  EXPECT_EQ(dynsec::to_status(v[1]).err().kind, ec::errc::conflict);
  EXPECT_EQ(dynsec::to_status(v[1]).err().code, "dynsec.createClient.exists");
  EXPECT_EQ(dynsec::to_status(v[2]).err().kind, ec::errc::not_found);
  EXPECT_EQ(v[2].correlation, "");
  EXPECT_EQ(json::parse(v[3].data).at("totalCount"), 1);
  EXPECT_EQ(dynsec::to_status(v[4]).err().kind, ec::errc::invalid);
  EXPECT_EQ(dynsec::to_status(v[5]).err().kind, ec::errc::internal);

  for (std::string bad : std::vector<std::string>{"", "not json", "[]", R"({"responses":{}})",
                                                  R"({"responses":[1]})"}) {
    EXPECT_FALSE(dynsec::parse_responses(bad).ok()) << bad;
  }
}

TEST(MqttUrl, Parses) {
  auto u = ec::ingest::parse_mqtt_url("mqtt://127.0.0.1:18830");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 18830);
  EXPECT_TRUE(ec::ingest::parse_mqtt_url("localhost:1883/").ok());
  for (std::string bad :
       std::vector<std::string>{"", "mqtt://", "mqtt://h", "mqtt://h:0", "mqtt://h:65536",
                                "mqtts://h:8883", "http://h:1", "mqtt://:1883", "mqtt://h:1x"}) {
    EXPECT_FALSE(ec::ingest::parse_mqtt_url(bad).ok()) << bad;
  }
}

}  // namespace

namespace {

TEST(Dynsec, BulkRequestsKeepEachDevicesPairInOrder) {
  auto v = json::parse(dynsec::create_devices_request(
      {{"S1", "password-one-1234"}, {"S2", "password-two-1234"}}, "t1"));
  auto& cmds = v.at("commands").as_array();
  ASSERT_EQ(cmds.size(), 4u);
  EXPECT_EQ(cmds[0].at("command"), "createRole");
  EXPECT_EQ(cmds[0].at("rolename"), "device-S1");
  EXPECT_EQ(cmds[1].at("command"), "createClient");
  EXPECT_EQ(cmds[1].at("username"), "S1");
  EXPECT_EQ(cmds[2].at("rolename"), "device-S2");
  EXPECT_EQ(cmds[3].at("username"), "S2");
  EXPECT_EQ(cmds[3].at("password"), "password-two-1234");
  EXPECT_EQ(cmds[3].at("correlationData"), "t1:3");
  auto d = json::parse(dynsec::delete_devices_request({"S1", "S2"}, "t2"));
  auto& dc = d.at("commands").as_array();
  ASSERT_EQ(dc.size(), 4u);
  EXPECT_EQ(dc[0].at("command"), "deleteClient");
  EXPECT_EQ(dc[1].at("rolename"), "device-S1");
  EXPECT_EQ(dc[2].at("username"), "S2");
  EXPECT_EQ(dc[3].at("correlationData"), "t2:3");
}

TEST(Dynsec, UpTopicsGiveTheirSerialAndDeviceLoginsHaveOneOwnRole) {
  EXPECT_EQ(dynsec::serial_of_up_topic("eldercare/TZ-1/up"), "TZ-1");
  EXPECT_EQ(dynsec::serial_of_up_topic(dynsec::up_topic("a.b_c-9")), "a.b_c-9");
  EXPECT_EQ(dynsec::serial_of_up_topic("eldercare//up"), "");
  EXPECT_EQ(dynsec::serial_of_up_topic("eldercare/up"), "");
  EXPECT_EQ(dynsec::serial_of_up_topic("eldercare/TZ-1/down"), "");
  EXPECT_EQ(dynsec::serial_of_up_topic("eldercare/a/b/up"), "");
  EXPECT_EQ(dynsec::serial_of_up_topic("other/TZ-1/up"), "");
  EXPECT_TRUE(dynsec::is_device_login("TZ-1", {"device-TZ-1"}));
  EXPECT_FALSE(dynsec::is_device_login("TZ-1", {}));
  EXPECT_FALSE(dynsec::is_device_login("eldercare-server", {"eldercare-server"}));
  EXPECT_FALSE(dynsec::is_device_login("TZ-1", {"device-TZ-1", "admin"}));
  EXPECT_FALSE(dynsec::is_device_login("TZ-1", {"device-TZ-2"}));
  EXPECT_NE(dynsec::get_client_request("u1", "t").find("\"getClient\""), std::string::npos);
}

}  // namespace
