// Phone numbers: phone::normalize as forms and imports call it, and mask. A normalized number
// normalizes to itself, and its mask hides the middle digits.
#include "core/phone.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = ec::phone::normalize(in, "contacts[0].phone");
  if (!r) {
    FUZZ_CHECK(r.err().code == "phone.invalid");
    FUZZ_CHECK(r.err().field == "contacts[0].phone");
  } else {
    const std::string& n = *r;
    FUZZ_CHECK(!n.empty() && n.find_first_not_of("0123456789-") == std::string::npos);
    auto again = ec::phone::normalize(n);
    FUZZ_CHECK(again.ok() && *again == n);
    const auto m = ec::phone::mask(n);
    FUZZ_CHECK(m.size() == n.size());
    FUZZ_CHECK(m != n);
    if (n.size() == 11 && n[0] == '1') FUZZ_CHECK(m == n.substr(0, 3) + "****" + n.substr(7));
  }
  const auto m = ec::phone::mask(in);
  if (in.size() <= 3) FUZZ_CHECK(m.find_first_not_of('*') == std::string::npos);
  return 0;
}
