#include "api/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace {

TEST(JsonWriter, WritesNestedValuesThatParseBack) {
  ec::api::json_writer w;
  w.begin_object()
      .key("name")
      .value("王\"秀\\英\n")
      .key("age")
      .value(81)
      .key("ok")
      .value(true)
      .key("phone")
      .null()
      .key("tags")
      .begin_array()
      .value("a")
      .value("b")
      .end_array()
      .key("empty")
      .begin_array()
      .end_array()
      .key("nested")
      .begin_object()
      .key("id")
      .value(std::int64_t{7})
      .end_object()
      .key("ctl")
      .value(std::string("\x01", 1))
      .end_object();
  auto text = w.take();
  auto v = boost::json::parse(text);
  EXPECT_EQ(v.at("name").as_string(), "王\"秀\\英\n");
  EXPECT_EQ(v.at("age").as_int64(), 81);
  EXPECT_TRUE(v.at("ok").as_bool());
  EXPECT_TRUE(v.at("phone").is_null());
  EXPECT_EQ(v.at("tags").as_array().size(), 2u);
  EXPECT_TRUE(v.at("empty").as_array().empty());
  EXPECT_EQ(v.at("nested").at("id").as_int64(), 7);
  EXPECT_EQ(v.at("ctl").as_string(), "\x01");
}

TEST(JsonWriter, EscapesAtEveryPositionOfLongStrings) {
  // The writer skips plain bytes eight at a time; every offset must still escape.
  for (char special : std::string("\"\\\n\x01\x1f")) {
    for (std::size_t pos = 0; pos < 40; ++pos) {
      std::string s = "Wang Xiuying lives at No. 301, unit 2, building 1, 官庄社区";
      s.insert(pos, 1, special);
      ec::api::json_writer w;
      w.begin_array().value(s).end_array();
      auto v = boost::json::parse(w.take());
      EXPECT_EQ(v.as_array().at(0).as_string(), s) << "at " << pos;
    }
  }
}

TEST(JsonWriter, GrowsPastItsFirstBufferAndNestsDeeply) {
  // Longer than the first 8 KiB, with escapes whose worst case needs the most room.
  std::string big(20000, 'x');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = '\x02';
  // 1 + 2 * 31 = 63 levels, within the limit of 64.
  constexpr int levels = 31;
  ec::api::json_writer w;
  w.begin_array();
  for (int d = 0; d < levels; ++d) w.begin_object().key("k").begin_array();
  w.value(big).value(std::int64_t{INT64_MIN}).value(false).null();
  for (int d = 0; d < levels; ++d) w.end_array().end_object().value(d);
  w.value("after").end_array();
  boost::json::parse_options deep;
  deep.max_depth = 100;
  auto v = boost::json::parse(w.take(), {}, deep);
  const auto& outer = v.as_array();
  ASSERT_EQ(outer.size(), 3u);
  EXPECT_EQ(outer.at(1).as_int64(), levels - 1);
  EXPECT_EQ(outer.at(2).as_string(), "after");
  const boost::json::value* cur = &outer.at(0);
  for (int d = 0; d < levels; ++d) {
    ASSERT_EQ(cur->as_object().size(), 1u) << d;
    const auto& arr = cur->at("k").as_array();
    if (d == levels - 1) {
      ASSERT_EQ(arr.size(), 4u);
      EXPECT_EQ(arr.at(0).as_string(), big);
      EXPECT_EQ(arr.at(1).as_int64(), INT64_MIN);
      EXPECT_FALSE(arr.at(2).as_bool());
      EXPECT_TRUE(arr.at(3).is_null());
    } else {
      ASSERT_EQ(arr.size(), 2u) << d;
      EXPECT_EQ(arr.at(1).as_int64(), levels - 2 - d) << d;
      cur = &arr.at(0);
    }
  }
}

TEST(JsonWriter, RefusesNestingBeyondItsLimit) {
  ec::api::json_writer w;
  for (int d = 0; d < 64; ++d) w.begin_array();
  EXPECT_THROW(w.begin_array(), std::length_error);
}

}  // namespace
