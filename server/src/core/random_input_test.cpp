// Random and mutated inputs for every parser in core/: each must return a value or a typed
// error, never crash or read out of bounds (run under the debug preset's sanitizers), and
// what it accepts must satisfy the parser's own contract.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "core/csv.hpp"
#include "core/idcard.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "core/xlsx.hpp"

namespace {

using namespace std::chrono;

constexpr year_month_day k_today{year{2026}, November, day{29}};

// Strings built from pieces the parsers care about, so random input reaches deep branches.
class generator {
 public:
  explicit generator(std::uint64_t seed) : eng_(seed) {}
  std::string next(std::size_t max_pieces) {
    static const std::vector<std::string> pieces = {"0",
                                                    "1",
                                                    "3",
                                                    "8",
                                                    "9",
                                                    "X",
                                                    "x",
                                                    "-",
                                                    "+",
                                                    " ",
                                                    "+86",
                                                    "0533",
                                                    "\"",
                                                    ",",
                                                    "\r\n",
                                                    "\n",
                                                    "\r",
                                                    "T",
                                                    "Z",
                                                    ":",
                                                    ".",
                                                    "/",
                                                    "\xE3\x80\x80",
                                                    "\xC2\xA0",
                                                    "\xE3\x80\x81",
                                                    "\xEF\xBC\x8C",
                                                    "\xE7\x8E\x8B",
                                                    "\xE8\xBD\xAC",
                                                    "\xEF\xBC\x91",
                                                    "\xFF",
                                                    "\xC3",
                                                    "\xE7\x8E",
                                                    "e",
                                                    "E+17",
                                                    "2026-11-29",
                                                    "19491231",
                                                    "\xEF\xBB\xBF",
                                                    std::string(1, '\0')};
    std::string s;
    const std::size_t n = eng_() % (max_pieces + 1);
    for (std::size_t i = 0; i < n; ++i) s += pieces[eng_() % pieces.size()];
    return s;
  }
  std::string bytes(std::size_t max_len) {
    std::string s(eng_() % (max_len + 1), '\0');
    for (auto& c : s) c = static_cast<char>(eng_() & 0xFFU);
    return s;
  }

 private:
  std::mt19937_64 eng_;
};

TEST(RandomInput, IdCard) {
  generator g(1);
  for (int i = 0; i < 20000; ++i) {
    const std::string in = i % 2 ? g.next(24) : g.bytes(20);
    auto r = ec::idcard::parse(in, k_today, "f");
    if (r) {
      EXPECT_EQ(r->number.size(), 18U);
      EXPECT_EQ(ec::idcard::check_char(r->number.substr(0, 17)), r->number[17]);
      EXPECT_TRUE(r->birth.ok());
    } else {
      EXPECT_TRUE(r.err().code.starts_with("id_number.")) << r.err().code;
      EXPECT_EQ(r.err().field, "f");
    }
    (void)ec::idcard::mask(in);
  }
}

TEST(RandomInput, PhoneNormalizeIsIdempotent) {
  generator g(2);
  int accepted = 0;
  for (int i = 0; i < 50000; ++i) {
    const std::string in = g.next(14);
    auto r = ec::phone::normalize(in);
    if (!r) {
      EXPECT_EQ(r.err().code, "phone.invalid");
      continue;
    }
    ++accepted;
    auto again = ec::phone::normalize(*r);
    ASSERT_TRUE(again.ok()) << in << " -> " << *r;
    EXPECT_EQ(*again, *r) << in;
    const std::string m = ec::phone::mask(*r);
    EXPECT_EQ(m.size(), r->size());
    EXPECT_NE(m, *r);
  }
  EXPECT_GT(accepted, 0);
}

TEST(RandomInput, TimeParsers) {
  generator g(3);
  for (int i = 0; i < 30000; ++i) {
    const std::string in = g.next(8);
    if (auto d = ec::timeutil::parse_date(in, "d")) {
      EXPECT_TRUE(d->ok());
    } else {
      EXPECT_EQ(d.err().code, "date.invalid");
    }
    if (auto t = ec::timeutil::parse_iso8601(in, "t")) {
      // Whatever was accepted survives a round trip through our own format.
      EXPECT_EQ(*ec::timeutil::parse_iso8601(ec::timeutil::iso8601_utc(*t), "t"),
                *t / 1000 * 1000 - (*t % 1000 < 0 ? 1000 : 0));
    } else {
      EXPECT_EQ(t.err().code, "datetime.invalid");
    }
  }
}

TEST(RandomInput, TextFunctions) {
  generator g(4);
  for (int i = 0; i < 20000; ++i) {
    const std::string in = i % 2 ? g.next(12) : g.bytes(16);
    EXPECT_TRUE(ec::text::valid_utf8(ec::text::sanitize_utf8(in)));
    const std::string t = ec::text::trim(in);
    EXPECT_LE(t.size(), in.size());
    EXPECT_EQ(ec::text::trim(t), t);
    EXPECT_LE(ec::text::utf8_length(in), in.size());
    for (const auto& item : ec::text::split_list(in)) {
      EXPECT_FALSE(item.empty());
      EXPECT_EQ(ec::text::trim(item), item);
    }
    auto gb = ec::text::to_utf8_from_gb18030(in);
    if (gb) {
      EXPECT_TRUE(ec::text::valid_utf8(*gb));
    }
  }
}

TEST(RandomInput, Csv) {
  generator g(5);
  for (int i = 0; i < 20000; ++i) {
    const std::string in = i % 2 ? g.next(30) : g.bytes(40);
    auto r = ec::csv::parse(in);
    if (r) {
      for (const auto& row : *r) {
        for (const auto& cell : row) EXPECT_TRUE(ec::text::valid_utf8(cell));
      }
    } else {
      EXPECT_TRUE(r.err().code == "import.csv_malformed" || r.err().code == "import.encoding")
          << r.err().code;
    }
  }
}

TEST(RandomInput, XlsxNumbersAndBytes) {
  generator g(6);
  for (int i = 0; i < 20000; ++i) {
    const std::string in = g.next(10);
    const std::string out = ec::xlsx::format_number(in);
    EXPECT_LE(out.size(), in.size() + 40) << in;
  }
  for (int i = 0; i < 2000; ++i) {
    std::string in = g.bytes(200);
    if (i % 2) in = "PK\x03\x04" + in + "PK\x05\x06" + std::string(18, '\0');
    auto r = ec::xlsx::read_first_sheet(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, "import.xlsx_malformed");
  }
}

}  // namespace
