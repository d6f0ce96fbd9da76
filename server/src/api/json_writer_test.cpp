#include "api/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

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

}  // namespace
