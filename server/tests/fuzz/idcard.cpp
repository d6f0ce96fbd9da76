// Resident ID numbers (身份证号): idcard::parse as forms and imports call it, check_char and
// mask. An accepted number is canonical (parsing it again gives itself), its check character
// is right, and its mask shows only the first 6 and last 4 characters.
#include "core/idcard.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace std::chrono;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const year_month_day today{year{2026} / December / 3};
  auto r = ec::idcard::parse(in, today);
  if (!r) {
    FUZZ_CHECK(r.err().kind == ec::errc::invalid);
    FUZZ_CHECK(r.err().field == "id_number");
    FUZZ_CHECK(r.err().code.starts_with("id_number."));
  } else {
    const auto& n = r->number;
    FUZZ_CHECK(n.size() == 18);
    FUZZ_CHECK(ec::idcard::check_char(std::string_view(n).substr(0, 17)) == n[17]);
    FUZZ_CHECK(r->birth.ok() && r->birth <= today);
    FUZZ_CHECK(r->sex == 'M' || r->sex == 'F');
    FUZZ_CHECK(r->area_code == n.substr(0, 6));
    auto again = ec::idcard::parse(n, today);
    FUZZ_CHECK(again.ok() && again->number == n);
    const auto m = ec::idcard::mask(n);
    FUZZ_CHECK(m == n.substr(0, 6) + "********" + n.substr(14));
    FUZZ_CHECK(ec::idcard::age_on(r->birth, today) >= 0);
  }
  const auto m = ec::idcard::mask(in);
  FUZZ_CHECK(m.size() == in.size());
  if (in.size() <= 10) FUZZ_CHECK(m.find_first_not_of('*') == std::string::npos);
  const char c = ec::idcard::check_char(in.substr(0, 17));
  FUZZ_CHECK(c == '\0' || c == 'X' || (c >= '0' && c <= '9'));
  return 0;
}
