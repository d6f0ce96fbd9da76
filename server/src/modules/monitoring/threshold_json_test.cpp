#include "modules/monitoring/threshold_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ec::monitoring {
namespace {

TEST(ThresholdJson, RoundTripsEveryField) {
  auto th = defaults_for(device_type::motion_sensor);
  threshold_overrides o;
  o.night = clock_window{22 * 60, 6 * 60};
  o.hr_min = 50;
  o.offline_multiple = 2.5;
  auto j = to_json(o);
  auto back = parse_overrides(j);
  ASSERT_TRUE(back);
  EXPECT_EQ(merge(th, *back), merge(th, o));
  auto full = parse_overrides(to_json(th));
  ASSERT_TRUE(full);
  EXPECT_EQ(merge(defaults_for(device_type::sos_pendant), *full), th);
}

TEST(ThresholdJson, NamesEveryBadField) {
  auto v = boost::json::parse(
      R"({"hr_min": "x", "night": {"start": "25:00", "end": "05:00"}, "no_motion_hours": 30,
          "nope": 1, "daytime": {"start": "07:00"}})");
  auto r = parse_overrides(v.as_object());
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& d : r.err().details) fields.insert(d.field);
  EXPECT_EQ(fields, (std::set<std::string>{"hr_min", "night.start", "no_motion_hours", "nope",
                                           "daytime.end"}));
}

TEST(ThresholdJson, EmptyTextIsNoOverrides) {
  auto r = parse_overrides_text("");
  ASSERT_TRUE(r);
  EXPECT_EQ(merge(defaults_for(device_type::gas), *r), defaults_for(device_type::gas));
  EXPECT_FALSE(parse_overrides_text("[1]"));
}

}  // namespace
}  // namespace ec::monitoring
