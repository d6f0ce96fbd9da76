// The simulator's MQTT 3.1.1 codec: byte-exact packets and a decoder that takes whole packets
// off a stream, waits for partial ones and rejects malformed ones.
#include "ingest/mqtt_wire.hpp"

#include <gtest/gtest.h>

namespace {

using namespace ec::ingest::wire;

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

TEST(MqttWire, ConnectWithCredentials) {
  std::string out;
  put_connect(out, "ab", "u", "pw", true, 60);
  EXPECT_EQ(out, bytes({0x10, 21, 0,   4,   'M', 'Q', 'T', 'T', 4, 0xC2, 0,  60,
                        0,    2,  'a', 'b', 0,   1,   'u', 0,   2, 'p',  'w'}));
}

TEST(MqttWire, PublishSubscribeAckPingDisconnect) {
  std::string out;
  put_publish(out, "t/1", "{}", 1, 0x0102);
  EXPECT_EQ(out, bytes({0x32, 9, 0, 3, 't', '/', '1', 1, 2, '{', '}'}));
  out.clear();
  put_publish(out, "t", "x", 0, 7);
  EXPECT_EQ(out, bytes({0x30, 4, 0, 1, 't', 'x'}));
  out.clear();
  put_subscribe(out, 1, "a/b", 1);
  EXPECT_EQ(out, bytes({0x82, 8, 0, 1, 0, 3, 'a', '/', 'b', 1}));
  out.clear();
  put_puback(out, 300);
  put_pingreq(out);
  put_disconnect(out);
  EXPECT_EQ(out, bytes({0x40, 2, 1, 44, 0xC0, 0, 0xE0, 0}));
}

TEST(MqttWire, LongRemainingLength) {
  std::string out;
  std::string payload(200, 'x');
  put_publish(out, "t", payload, 1, 1);
  // 2 + 1 + 2 + 200 = 205 = 0xCD 0x01
  EXPECT_EQ(static_cast<unsigned char>(out[1]), 0xCD);
  EXPECT_EQ(static_cast<unsigned char>(out[2]), 0x01);
  auto d = decode(out);
  ASSERT_EQ(d.status, decode_status::ok);
  EXPECT_EQ(d.size, out.size());
  EXPECT_EQ(d.p.payload, payload);
}

TEST(MqttWire, DecodesBrokerPackets) {
  std::string in = bytes({0x20, 2, 0, 0, 0x90, 3, 0, 1, 1, 0x40, 2, 0, 9, 0xD0, 0});
  put_publish(in, "eldercare/X/down", "{\"type\":\"received\"}", 1, 77);
  std::string_view rest = in;
  auto d = decode(rest);
  ASSERT_EQ(d.status, decode_status::ok);
  EXPECT_EQ(d.p.type, packet_type::connack);
  EXPECT_EQ(d.p.return_code, 0);
  rest.remove_prefix(d.size);
  d = decode(rest);
  ASSERT_EQ(d.status, decode_status::ok);
  EXPECT_EQ(d.p.type, packet_type::suback);
  EXPECT_EQ(d.p.return_code, 1);
  rest.remove_prefix(d.size);
  d = decode(rest);
  ASSERT_EQ(d.status, decode_status::ok);
  EXPECT_EQ(d.p.type, packet_type::puback);
  EXPECT_EQ(d.p.packet_id, 9);
  rest.remove_prefix(d.size);
  d = decode(rest);
  ASSERT_EQ(d.status, decode_status::ok);
  EXPECT_EQ(d.p.type, packet_type::pingresp);
  rest.remove_prefix(d.size);
  d = decode(rest);
  ASSERT_EQ(d.status, decode_status::ok);
  EXPECT_EQ(d.p.type, packet_type::publish);
  EXPECT_EQ(d.p.qos, 1);
  EXPECT_EQ(d.p.packet_id, 77);
  EXPECT_EQ(d.p.topic, "eldercare/X/down");
  EXPECT_EQ(d.p.payload, "{\"type\":\"received\"}");
  rest.remove_prefix(d.size);
  EXPECT_TRUE(rest.empty());
}

TEST(MqttWire, PartialPacketsWait) {
  std::string pkt;
  put_publish(pkt, "topic", "payload", 1, 5);
  for (std::size_t n = 0; n < pkt.size(); ++n) {
    EXPECT_EQ(decode(std::string_view(pkt).substr(0, n)).status, decode_status::need_more) << n;
  }
  EXPECT_EQ(decode(pkt).status, decode_status::ok);
}

TEST(MqttWire, MalformedPacketsAreRejected) {
  EXPECT_EQ(decode(bytes({0x20, 3, 0, 0, 0})).status, decode_status::malformed);    // CONNACK size
  EXPECT_EQ(decode(bytes({0x40, 1, 0})).status, decode_status::malformed);          // short PUBACK
  EXPECT_EQ(decode(bytes({0x36, 2, 0, 0})).status, decode_status::malformed);       // QoS 3
  EXPECT_EQ(decode(bytes({0x32, 3, 0, 9, 'a'})).status, decode_status::malformed);  // topic > body
  EXPECT_EQ(decode(bytes({0x10, 0})).status, decode_status::malformed);  // CONNECT from a broker
  EXPECT_EQ(decode(bytes({0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01})).status, decode_status::malformed);
  EXPECT_EQ(decode(bytes({0x30, 0xFF, 0xFF, 0x7F}), 1000).status, decode_status::malformed);
}

}  // namespace
