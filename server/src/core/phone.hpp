// Chinese phone numbers: normalization of what people type on forms and survey sheets, and
// masking for display.
//
// Accepted and normalized:
//   mobile    11 digits 1[3-9]xxxxxxxxx; spaces and dashes inside are dropped and a leading
//             +86 / 86 / 0086 (or a trunk 0) is removed: "+86 138-1234-5678" -> "13812345678".
//   landline  area code (010, 02x: 3 digits; other 0xxx: 4 digits), a local number of 7-8
//             digits not starting with 0 or 1, an optional extension of 1-6 digits:
//             "(0533) 612 3456 转 12" -> "0533-6123456-12". Full-width digits are accepted.
// Failure: normalize() returns kind `invalid`, code "phone.invalid", field `field`, and a
// message naming the rule that failed. mask() never fails.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec::phone {

ec::result<std::string> normalize(std::string_view input, std::string_view field = "phone");

// "138****5678" for a mobile, "0533-****456" for a landline (area code and the last 3 digits
// of the local number kept, an extension kept). Anything else keeps only its last 3
// characters, so a value that bypassed normalize() still does not leak in full.
std::string mask(std::string_view normalized);

}  // namespace ec::phone
