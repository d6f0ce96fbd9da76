// The simulator's pure parts: latency statistics, event ids and the event JSON of
// docs/MONITORING.md "Events". (Runs against a real broker are in the kill test.)
#include "simulator/simulator.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using namespace ec::ingest;

TEST(SimLatency, NearestRankPercentiles) {
  latency_stats s;
  EXPECT_EQ(s.summarize().count, 0u);
  EXPECT_EQ(format_summary(s.summarize()), "n=0");
  for (int i = 100; i >= 1; --i) s.add(i);
  auto r = s.summarize();
  EXPECT_EQ(r.count, 100u);
  EXPECT_EQ(r.p50, 50);
  EXPECT_EQ(r.p95, 95);
  EXPECT_EQ(r.p99, 99);
  EXPECT_EQ(r.max, 100);
  EXPECT_EQ(format_summary(r), "n=100 p50=50.0 p95=95.0 p99=99.0 max=100.0 ms");
}

TEST(SimLatency, SmallSamples) {
  latency_stats s;
  s.add(7.5);
  auto r = s.summarize();
  EXPECT_EQ(r.p50, 7.5);
  EXPECT_EQ(r.p99, 7.5);
  EXPECT_EQ(r.max, 7.5);
  s.add(1);
  s.add(3);
  r = s.summarize();
  EXPECT_EQ(r.p50, 3);  // rank ceil(1.5) = 2 of {1, 3, 7.5}
  EXPECT_EQ(r.p95, 7.5);
}

TEST(SimEvents, Base36Ids) {
  EXPECT_EQ(base36(0), "0");
  EXPECT_EQ(base36(35), "z");
  EXPECT_EQ(base36(36), "10");
  EXPECT_EQ(base36(1764345600000ULL).size(), 8u);
}

TEST(SimEvents, JsonMatchesTheWireFormat) {
  sim::model_event e;
  e.type = sim::event_type::heart_rate;
  e.value = 72;
  EXPECT_EQ(event_json("r-1-2", e, 1764345600000),
            R"({"id":"r-1-2","type":"heart_rate","time":1764345600000,"value":72})");
  e = {};
  e.type = sim::event_type::heartbeat;
  e.battery = 88;
  EXPECT_EQ(event_json("x", e, 5), R"({"id":"x","type":"heartbeat","time":5,"battery":88})");
  e = {};
  e.type = sim::event_type::location;
  e.lat = 40.42;
  e.lon = 114.09;
  auto v = boost::json::parse(event_json("loc", e, 9));
  EXPECT_DOUBLE_EQ(v.at("lat").as_double(), 40.42);
  EXPECT_DOUBLE_EQ(v.at("lon").as_double(), 114.09);
  e = {};
  e.type = sim::event_type::sos;
  EXPECT_EQ(event_json("s", e, 1), R"({"id":"s","type":"sos","time":1})");
  e.type = sim::event_type::battery;
  e.value = 19;
  EXPECT_EQ(event_json("b", e, 1), R"({"id":"b","type":"battery","time":1,"value":19})");
}

}  // namespace
