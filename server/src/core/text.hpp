// UTF-8 text helpers for forms and imported sheets: validation, trimming of the spaces that
// Chinese input methods and Office produce, code-point length, GB18030 decoding (what Excel
// on Chinese Windows writes), and splitting of free-form lists ("低保、残疾").
//
// Failure: to_utf8_from_gb18030() returns kind `invalid`, code "text.encoding" when the bytes
// are not GB18030. Everything else is total; functions taking text that may be invalid UTF-8
// treat each bad byte as one character and never read out of bounds.
// Thread-safety: pure functions (iconv descriptors are per call).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ec::text {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s);

// A client-generated id as browsers make them (crypto.randomUUID): 8-4-4-4-12 hex digits. Records
// made offline carry one, so that a sync sent twice is stored once.
bool is_uuid(std::string_view s);

// Removes leading and trailing ASCII whitespace, NBSP (U+00A0), the ideographic space
// (U+3000), zero-width space (U+200B) and the byte-order mark (U+FEFF).
std::string trim(std::string_view s);

// Number of code points (for length limits users understand: "姓名" is 2, not 6).
std::size_t utf8_length(std::string_view s);

// Decodes GB18030 (a superset of GBK and GB2312) to UTF-8 with glibc iconv.
ec::result<std::string> to_utf8_from_gb18030(std::string_view bytes);

// Replaces each invalid byte with U+FFFD so the result is valid UTF-8 (for output paths
// such as XML that must not carry broken bytes).
std::string sanitize_utf8(std::string_view s);

// Splits a list typed by hand on 、 ， , ; ； / ／ and whitespace (including U+3000), trims each
// item and drops empty ones: "低保、 残疾,,独居" -> {"低保", "残疾", "独居"}.
std::vector<std::string> split_list(std::string_view s);

}  // namespace ec::text
