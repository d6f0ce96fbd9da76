#include "modules/monitoring/event_decode.hpp"

#include <gtest/gtest.h>

namespace ec::monitoring {
namespace {

constexpr std::int64_t k_now = 1'795'000'000'000;  // 2026-11-18T19:06:40+08:00

decode_limits lim() {
  return {k_now, 600'000, 168LL * 3'600'000};
}

TEST(EventDecode, OneObjectArrayAndWrapper) {
  auto one = decode(R"({"id":"e-1","type":"sos","time":1795000000000,"battery":80})", lim(), false);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_TRUE((*one)[0].ok());
  EXPECT_EQ((*one)[0].event_id, "e-1");
  EXPECT_EQ((*one)[0].ev.kind, event_kind::sos);
  EXPECT_EQ((*one)[0].ev.battery, 80);

  auto arr = decode(R"([{"id":"a","type":"heartbeat","time":"2026-11-18T19:06:40+08:00"},
                        {"id":"b","type":"heart_rate","time":1795000000000,"value":72}])",
                    lim(), false);
  ASSERT_TRUE(arr);
  ASSERT_EQ(arr->size(), 2u);
  EXPECT_TRUE((*arr)[0].ok()) << (*arr)[0].message;
  EXPECT_EQ((*arr)[1].ev.value, 72);

  EXPECT_FALSE(decode(R"({"events":[{"id":"a","type":"sos","time":1795000000000}]})", lim(), false)
                   ->front()
                   .ok());
  auto wrapped =
      decode(R"({"events":[{"id":"a","type":"sos","time":1795000000000}]})", lim(), true);
  ASSERT_TRUE(wrapped);
  EXPECT_TRUE(wrapped->front().ok());
}

TEST(EventDecode, RejectsShapeAsAWhole) {
  for (const char* p : {"", "nope", "42", "[]", "{\"events\":1}", "\xff\xfe"})
    EXPECT_FALSE(decode(p, lim(), true)) << p;
  std::string many = "[";
  for (int i = 0; i < 101; ++i)
    many += std::string(i ? "," : "") + R"({"id":"x","type":"sos","time":1795000000000})";
  many += "]";
  EXPECT_FALSE(decode(many, lim(), false));
}

TEST(EventDecode, EachBadEventHasItsReason) {
  struct tc {
    const char* json;
    const char* reason;
  } cases[] = {
      {R"({"type":"sos","time":1795000000000})", "malformed"},                   // no id
      {R"({"id":"a b","type":"sos","time":1795000000000})", "malformed"},        // bad id
      {R"({"id":"a","type":"explode","time":1795000000000})", "malformed"},      // type
      {R"({"id":"a","type":"sos"})", "malformed"},                               // no time
      {R"({"id":"a","type":"sos","time":"yesterday"})", "malformed"},            // time text
      {R"({"id":"a","type":"sos","time":"2026-11-18 19:06:40"})", "malformed"},  // no offset
      {R"({"id":"a","type":"sos","time":1795000000000,"x":1})", "malformed"},    // unknown
      {R"({"id":"a","type":"sos","time":1795000700000})", "clock_skew"},         // ahead
      {R"({"id":"a","type":"sos","time":1790000000000})", "clock_skew"},         // too old
      {R"({"id":"a","type":"heart_rate","time":1795000000000})", "malformed"},   // no value
      {R"({"id":"a","type":"heart_rate","time":1795000000000,"value":900})", "out_of_range"},
      {R"({"id":"a","type":"battery","time":1795000000000,"value":-1})", "out_of_range"},
      {R"({"id":"a","type":"sos","time":1795000000000,"battery":101})", "out_of_range"},
      {R"({"id":"a","type":"location","time":1795000000000,"lat":91,"lon":0})", "out_of_range"},
      {R"({"id":"a","type":"location","time":1795000000000,"lat":36})", "malformed"},
      {R"({"id":"a","type":"sos","time":1795000000000,"value":3})", "malformed"},
  };
  for (const auto& c : cases) {
    auto r = decode(c.json, lim(), false);
    ASSERT_TRUE(r) << c.json;
    EXPECT_EQ(r->front().reason, c.reason) << c.json << " " << r->front().message;
  }
}

TEST(EventDecode, OneBadEventDoesNotSpoilTheBatch) {
  auto r = decode(R"([{"id":"a","type":"sos","time":1795000000000},
                      {"id":"b","type":"sos","time":"never"},
                      {"id":"c","type":"fall","time":1795000000000}])",
                  lim(), false);
  ASSERT_TRUE(r);
  EXPECT_TRUE((*r)[0].ok());
  EXPECT_FALSE((*r)[1].ok());
  EXPECT_TRUE((*r)[2].ok());
}

TEST(EventDecode, EventIds) {
  EXPECT_TRUE(valid_event_id("e-1.2_3:4"));
  EXPECT_TRUE(valid_event_id(std::string(64, 'a')));
  EXPECT_FALSE(valid_event_id(std::string(65, 'a')));
  EXPECT_FALSE(valid_event_id(""));
  EXPECT_FALSE(valid_event_id("a/b"));
  EXPECT_FALSE(valid_event_id("事件"));
}

}  // namespace
}  // namespace ec::monitoring
