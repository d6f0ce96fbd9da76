// The one place that turns an `ec::error` into an HTTP status and the JSON
// envelope {"error":{"code","message","field","details"}}, with messages in
// the caller's language (zh-CN by default, English on Accept-Language: en).
#pragma once

#include <string_view>

#include "api/http.hpp"
#include "core/result.hpp"

namespace ec::api {

enum class lang { zh, en };

lang lang_of(const request& req);
int status_of(errc kind);
response error_response(const error& e, lang l);
// The message for one field error in language `l` ("身份证号：校验位错误").
std::string localized(std::string_view code, std::string_view field, std::string_view english,
                      lang l);

}  // namespace ec::api
