// Pure parts of the devices and settings modules: the serial rule, the timeline cursor, the
// device list's query parsing and the mapping of engine field names to API field names.
#include "modules/monitoring/devices.hpp"

#include <gtest/gtest.h>

#include <map>

#include "modules/monitoring/settings.hpp"

namespace ec::monitoring {
namespace {

TEST(DeviceSerial, AcceptsTheDocumentedAlphabetAndLengths) {
  EXPECT_TRUE(check_serial("TZ-SOS-000123"));
  EXPECT_TRUE(check_serial("abcd"));
  EXPECT_TRUE(check_serial(std::string(40, '7')));
  EXPECT_TRUE(check_serial("a-B-9"));
}

TEST(DeviceSerial, RejectsWithTheFieldAndRule) {
  for (const std::string& bad :
       std::vector<std::string>{"", "abc", std::string(41, 'A'), "TZ SOS 1", "TZ_SOS_1", "TZ/SOS/1",
                                "TZ+1234", "TZ#12345", "$SYS-1234", "设备12345", "TZ.SOS.1"}) {
    auto s = check_serial(bad, "serial");
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.err().code, "device.serial_invalid") << bad;
    EXPECT_EQ(s.err().field, "serial");
    EXPECT_EQ(s.err().kind, errc::invalid);
  }
  EXPECT_EQ(check_serial("ab", "items[2].serial").err().field, "items[2].serial");
}

TEST(TimelineCursor, RoundTripsAndRejectsJunk) {
  auto c = timeline_cursor(1764400000123, 42);
  EXPECT_EQ(c, "1764400000123_42");
  auto p = parse_timeline_cursor(c);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, 1764400000123);
  EXPECT_EQ(p->second, 42);
  // Device clocks before 1970 are stored as they came; the cursor keeps the sign.
  auto neg = parse_timeline_cursor(timeline_cursor(-5, 1));
  ASSERT_TRUE(neg);
  EXPECT_EQ(neg->first, -5);
  for (auto bad : {"", "_", "12", "12_", "_12", "a_1", "1_b", "1_0", "1_-3", "1_2_3", "1 _2",
                   "99999999999999999999_1"})
    EXPECT_FALSE(parse_timeline_cursor(bad)) << bad;
}

TEST(DeviceFilter, ParsesEveryParameterAndNamesBadOnes) {
  std::map<std::string, std::string, std::less<>> q = {
      {"type", "door_sensor"}, {"status", "all"}, {"bound", "false"}, {"elder_id", "7"},
      {"community_id", "3"},   {"q", "  TZ-1 "},  {"page", "2"},      {"size", "50"}};
  auto get = [&](std::string_view k) -> std::optional<std::string> {
    auto it = q.find(k);
    if (it == q.end()) return std::nullopt;
    return it->second;
  };
  auto f = parse_device_filter(get, 200);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type, "door_sensor");
  EXPECT_EQ(f->status, "all");
  EXPECT_EQ(f->bound, false);
  EXPECT_EQ(f->elder_id, 7);
  EXPECT_EQ(f->community_id, 3);
  EXPECT_EQ(f->q, "TZ-1");
  EXPECT_EQ(f->page, 2);
  EXPECT_EQ(f->size, 50);

  q = {{"type", "toaster"}, {"bound", "yes"}, {"size", "201"}, {"elder_id", "x"}};
  auto bad = parse_device_filter(get, 200);
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& d : bad.err().details) {
    fields.push_back(d.field);
    EXPECT_EQ(d.code, "request.bad_query");
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"type", "bound", "elder_id", "size"}));

  q = {{"type", ""}, {"q", ""}};  // empty counts as absent
  auto empty = parse_device_filter(get, 200);
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->type);
  EXPECT_FALSE(empty->q);
  EXPECT_EQ(empty->status, "active");
}

TEST(DeviceTypes, MatchTheEngineNames) {
  ASSERT_EQ(k_device_types.size(), static_cast<std::size_t>(k_device_type_count));
  for (int i = 0; i < k_device_type_count; ++i)
    EXPECT_EQ(k_device_types[static_cast<std::size_t>(i)], format(static_cast<device_type>(i)));
}

TEST(ThresholdFields, EngineNamesBecomeApiNames) {
  EXPECT_EQ(api_threshold_field("night.start_min"), "night.start");
  EXPECT_EQ(api_threshold_field("daytime.end_min"), "daytime.end");
  EXPECT_EQ(api_threshold_field("hr_max"), "hr_max");
  EXPECT_EQ(api_threshold_field("no_motion_hours"), "no_motion_hours");
}

TEST(ThresholdBook, ElderOverridesMergeOverTheTypeAndInvalidOnesAreIgnored) {
  threshold_book b;
  threshold_overrides type_o;
  type_o.hr_max = 130;
  b.by_type["heart_rate_band"] = type_o;
  threshold_overrides elder_o;
  elder_o.hr_min = 50;
  b.by_elder[{9, "heart_rate_band"}] = elder_o;
  auto t = b.for_elder(device_type::heart_rate_band, 9);
  EXPECT_EQ(t.hr_max, 130);
  EXPECT_EQ(t.hr_min, 50);
  EXPECT_EQ(b.for_elder(device_type::heart_rate_band, 10).hr_min, 45);
  // An elder override that no longer fits the type's values is ignored, like the service does.
  threshold_overrides broken;
  broken.hr_min = 140;
  b.by_elder[{11, "heart_rate_band"}] = broken;
  EXPECT_EQ(b.for_elder(device_type::heart_rate_band, 11).hr_min, 45);
  // A stored type override that does not validate falls back to the defaults.
  threshold_overrides bad_type;
  bad_type.offline_multiple = 1.0;
  b.by_type["door_sensor"] = bad_type;
  EXPECT_EQ(b.for_type(device_type::door_sensor), defaults_for(device_type::door_sensor));
}

}  // namespace
}  // namespace ec::monitoring
