#include "demo/gen.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "core/idcard.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"

namespace {

using namespace std::chrono;
namespace demo = ec::registry::demo;

constexpr year_month_day k_today{year{2026}, November, day{29}};

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Everything that makes an elder, as one string, to compare runs and fingerprint output.
std::string dump(const demo::elder& e) {
  std::string s = e.name + "|" + e.id_number + "|" + e.phone + "|" + e.living_status + "|" +
                  e.address + "|" + e.notes + "|" + e.sex + "|" +
                  std::to_string(static_cast<int>(e.birth.year())) + "-" +
                  std::to_string(static_cast<unsigned>(e.birth.month())) + "-" +
                  std::to_string(static_cast<unsigned>(e.birth.day())) + "|" +
                  std::to_string(e.place_index) + "|" + std::to_string(e.building);
  for (const auto& c : e.categories) s += "|" + c;
  for (const auto& c : e.contacts) s += "|" + c.name + "/" + c.relation + "/" + c.phone;
  return s;
}

std::vector<std::string> dump_all(const std::vector<demo::elder>& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(dump(e));
  return out;
}

std::uint64_t fnv1a(const std::vector<std::string>& lines) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const auto& l : lines) {
    for (char c : l) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= '\n';
    h *= 1099511628211ULL;
  }
  return h;
}

TEST(DemoGen, SameSeedSameOutput) {
  const auto places = demo::gaoqing_places();
  const auto a = dump_all(demo::generate(places, 500, 42, k_today));
  const auto b = dump_all(demo::generate(places, 500, 42, k_today));
  EXPECT_EQ(a, b);
  const auto c = dump_all(demo::generate(places, 500, 43, k_today));
  EXPECT_NE(a, c);
}

TEST(DemoGen, ShorterRunIsAPrefix) {
  const auto places = demo::gaoqing_places();
  auto small = dump_all(demo::generate(places, 100, 7, k_today));
  auto big = dump_all(demo::generate(places, 300, 7, k_today));
  big.resize(100);
  EXPECT_EQ(small, big);
}

TEST(DemoGen, FingerprintIsStableAcrossPlatforms) {
  // Pins the output for one seed. If you change the tables on purpose, print the new value
  // and update it; if it changes by itself (another compiler or standard library), the
  // generator has become non-portable.
  const auto v = demo::generate(demo::gaoqing_places(), 50, 2026, k_today);
  const auto fp = fnv1a(dump_all(v));
  EXPECT_EQ(fp, 0x0721b870a87e48c8ULL)
      << "fingerprint 0x" << std::hex << fp << "\nfirst: " << dump(v.front());
}

TEST(DemoGen, EightThousandElderInvariants) {
  const auto places = demo::gaoqing_places();
  const auto start = steady_clock::now();
  const auto v = demo::generate(places, 8000, 20261129, k_today);
  const auto ms = duration_cast<milliseconds>(steady_clock::now() - start).count();
  ASSERT_EQ(v.size(), 8000U);
  // The time budget holds for optimized builds; -O0 with sanitizers is ~20x slower.
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(ms, 1000) << "8,000 elders took " << ms << " ms";
#else
  (void)ms;
#endif

  const std::set<std::string> statuses = {"alone", "empty_nest", "with_family", "institution",
                                          "other"};
  const std::set<std::string> categories = {"extreme_poverty", "subsistence", "lost_only_child",
                                            "disabled",        "low_income",  "left_behind",
                                            "veteran",         "advanced_age"};
  const std::set<std::string> relations = {"son",      "daughter", "spouse", "grandchild",
                                           "relative", "neighbor", "other"};
  std::set<std::string> ids, phones;
  for (const auto& e : v) {
    SCOPED_TRACE(dump(e));
    auto id = ec::idcard::parse(e.id_number, k_today);
    ASSERT_TRUE(id.ok()) << id.err().message;
    EXPECT_EQ(id->number, e.id_number);
    EXPECT_EQ(id->area_code, "370322");
    EXPECT_EQ(id->birth, e.birth);
    EXPECT_EQ(id->sex, e.sex);
    EXPECT_TRUE(ids.insert(e.id_number).second) << "duplicate ID";
    const int age = ec::idcard::age_on(e.birth, k_today);
    EXPECT_GE(age, 60);
    EXPECT_LE(age, 104);

    const auto name_len = ec::text::utf8_length(e.name);
    EXPECT_TRUE(name_len == 2 || name_len == 3) << e.name;
    EXPECT_TRUE(statuses.count(e.living_status));
    for (const auto& c : e.categories) EXPECT_TRUE(categories.count(c)) << c;
    EXPECT_EQ(has(e.categories, "advanced_age"), age >= 80);
    EXPECT_LE(has(e.categories, "extreme_poverty") + has(e.categories, "subsistence") +
                  has(e.categories, "low_income"),
              1);

    if (!e.phone.empty()) {
      auto p = ec::phone::normalize(e.phone);
      ASSERT_TRUE(p.ok()) << p.err().message;
      EXPECT_EQ(*p, e.phone);
      EXPECT_TRUE(phones.insert(e.phone).second) << "duplicate phone";
    }
    ASSERT_TRUE(e.contacts.size() == 1 || e.contacts.size() == 2);
    for (const auto& c : e.contacts) {
      EXPECT_TRUE(relations.count(c.relation)) << c.relation;
      EXPECT_FALSE(c.name.empty());
      auto p = ec::phone::normalize(c.phone);
      ASSERT_TRUE(p.ok()) << p.err().message;
      EXPECT_EQ(*p, c.phone);
      EXPECT_TRUE(phones.insert(c.phone).second) << "duplicate phone";
      if (has(e.categories, "extreme_poverty") || has(e.categories, "lost_only_child")) {
        EXPECT_NE(c.relation, "son");
        EXPECT_NE(c.relation, "daughter");
      }
      // Sons share the father's surname.
      if (e.living_status == "alone") {
        EXPECT_NE(c.relation, "spouse");
      }
      if (e.sex == 'M' && c.relation == "son") {
        EXPECT_EQ(c.name.substr(0, 3), e.name.substr(0, 3));
      }
    }

    ASSERT_LT(e.place_index, places.size());
    const auto& home = places[e.place_index];
    EXPECT_TRUE(e.address.starts_with(home.name)) << e.address;
    if (home.village) {
      EXPECT_EQ(e.building, 0);
      EXPECT_FALSE(has(e.categories, "left_behind") && !home.village);
    } else {
      EXPECT_GE(e.building, 1);
      EXPECT_LE(e.building, home.buildings);
      EXPECT_NE(e.address.find(std::to_string(e.building) + "号楼"), std::string::npos);
      EXPECT_FALSE(has(e.categories, "left_behind"));
    }
  }
}

TEST(DemoGen, ProportionsLookLikeTheCounty) {
  const auto places = demo::gaoqing_places();
  const auto v = demo::generate(places, 8000, 99, k_today);
  double n = 0, a60 = 0, a70 = 0, a80 = 0, a90 = 0, phone = 0, alone = 0, empty = 0;
  double village = 0, left_behind = 0, disabled = 0, subsistence = 0, extreme = 0;
  double young = 0, young_f = 0, old = 0, old_f = 0, centenarians = 0, landlines = 0;
  for (const auto& e : v) {
    const int age = ec::idcard::age_on(e.birth, k_today);
    ++n;
    (age < 70 ? a60 : age < 80 ? a70 : age < 90 ? a80 : a90) += 1;
    if (age >= 100) ++centenarians;
    if (age < 70) {
      ++young;
      young_f += e.sex == 'F';
    }
    if (age >= 85) {
      ++old;
      old_f += e.sex == 'F';
    }
    phone += !e.phone.empty();
    landlines += e.phone.starts_with("0533-");
    alone += e.living_status == "alone";
    empty += e.living_status == "empty_nest";
    disabled += has(e.categories, "disabled");
    subsistence += has(e.categories, "subsistence");
    extreme += has(e.categories, "extreme_poverty");
    if (places[e.place_index].village) {
      ++village;
      left_behind += has(e.categories, "left_behind");
    }
  }
  EXPECT_NEAR(a60 / n, 0.52, 0.03);
  EXPECT_NEAR(a70 / n, 0.31, 0.03);
  EXPECT_NEAR(a80 / n, 0.14, 0.02);
  EXPECT_NEAR(a90 / n, 0.03, 0.012);
  EXPECT_GE(centenarians, 1);
  EXPECT_LE(centenarians, 40);
  EXPECT_NEAR(phone / n, 0.70, 0.04);
  EXPECT_GT(landlines, 0);
  EXPECT_NEAR(alone / n, 0.16, 0.03);
  EXPECT_NEAR(empty / n, 0.38, 0.03);
  EXPECT_NEAR(disabled / n, 0.07, 0.015);
  EXPECT_NEAR(subsistence / n, 0.06, 0.015);
  EXPECT_NEAR(extreme / n, 0.015, 0.008);
  EXPECT_NEAR(left_behind / village, 0.08, 0.025);
  EXPECT_GT(old_f / old, young_f / young + 0.05);  // more women among the oldest
}

TEST(DemoGen, EdgeCases) {
  EXPECT_TRUE(demo::generate({}, 10, 1, k_today).empty());
  EXPECT_TRUE(demo::generate(demo::gaoqing_places(), 0, 1, k_today).empty());
  // A leap day as today, and a community without a building count.
  const year_month_day leap{year{2028}, February, day{29}};
  const std::vector<demo::place> places = {{"新区社区", false, 0}};
  for (const auto& e : demo::generate(places, 300, 5, leap)) {
    EXPECT_TRUE(ec::idcard::parse(e.id_number, leap).ok());
    EXPECT_GE(ec::idcard::age_on(e.birth, leap), 60);
    EXPECT_EQ(e.building, 0);
    EXPECT_TRUE(e.address.starts_with("新区社区"));
  }
}

TEST(DemoGen, VillageClansShowInSurnames) {
  const std::vector<demo::place> places = {{"台孙村", true, 0}};
  int sun = 0;
  const auto v = demo::generate(places, 1000, 3, k_today);
  for (const auto& e : v) sun += e.name.starts_with("孙");
  EXPECT_GT(sun, 300);  // ~40% clan + the surname's ordinary share
}

}  // namespace
