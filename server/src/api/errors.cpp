#include "api/errors.hpp"

#include <charconv>
#include <map>
#include <optional>

#include "api/json.hpp"
#include "api/module.hpp"

namespace ec::api {
namespace {

// The toolkit's own Chinese messages by error code: the request pipeline's, the validators'
// (api/json) and the shared parsers' (core/). Every module declares its own codes in its
// module.cpp; `{f}` is replaced by the field's label.
const std::map<std::string_view, std::string_view>& toolkit_messages() {
  static const std::map<std::string_view, std::string_view> m = {
      {"validation.required", "{f}为必填项"},
      {"validation.type", "{f}的类型不正确"},
      {"validation.too_long", "{f}过长"},
      {"validation.too_many", "{f}条目过多"},
      {"validation.range", "{f}超出允许范围"},
      {"validation.enum", "{f}的取值不在允许的选项中"},
      {"validation.unknown_field", "未知字段：{f}"},
      {"validation.failed", "部分字段不符合要求"},
      {"validation.control_chars", "{f}包含不可见的控制字符"},
      {"id_number.required", "请填写身份证号"},
      {"id_number.length", "身份证号应为18位"},
      {"id_number.characters", "身份证号前17位应为数字，最后一位为数字或X"},
      {"id_number.birth_date", "身份证号中的出生日期不存在"},
      {"id_number.future_birth", "身份证号中的出生日期晚于今天"},
      {"id_number.check_digit", "身份证号校验位错误，请核对号码"},
      {"phone.invalid", "{f}格式不正确：手机号为11位（1开头），座机如0533-6123456"},
      {"date.invalid", "{f}不是有效日期（格式：YYYY-MM-DD）"},
      {"conflict.stale_version", "该记录已被他人修改，请刷新后重试"},
      {"not_found", "未找到该记录"},
      {"request.too_large", "提交的内容过大"},
      {"request.malformed_json", "请求内容不是有效的JSON"},
      {"request.invalid_utf8", "请求内容不是有效的UTF-8编码"},
      {"request.json_object_expected", "请求内容应为JSON对象"},
      {"request.body_required", "请求内容不能为空"},
      {"request.rate_limited", "请求过于频繁，请稍后再试"},
      {"request.unsupported_media_type", "不支持的文件类型，请上传 .xlsx 或 .csv"},
      {"request.bad_query", "查询参数{f}不正确"},
      {"import.encoding", "文件编码无法识别，请另存为UTF-8或Excel格式"},
      {"import.csv_malformed", "CSV文件格式错误"},
      {"import.xlsx_malformed", "Excel文件已损坏或不是.xlsx格式"},
      {"import.too_large", "文件过大或行数过多"},
      {"db.busy", "系统繁忙，请稍后重试"},
      {"datetime.invalid", "{f}不是有效的时间"},
      {"request.method_not_allowed", "该地址不支持此请求方法"},
      {"request.bad_target", "请求地址格式错误"},
      {"text.encoding", "文件编码无法识别"},
      {"export.too_large", "导出数据过多，请缩小筛选范围"},
      {"export.cell_too_long", "某个单元格内容过长"},
      {"export.xlsx_failed", "生成Excel文件失败"},
      {"internal", "系统内部错误"},
      {"live.upgrade_required", "该地址仅用于实时推送（WebSocket）连接"},
      {"live.origin", "不允许从其他网站建立实时推送连接"},
      {"metrics.token", "读取 /metrics 需要其令牌（Bearer）"},
      {"metrics.forbidden",
       "/metrics 仅允许本机访问；如需远程采集，请设置 ELDERCARE_METRICS_TOKEN"},
      {"import.not_utf8", "文件不是UTF-8编码，请在Excel中另存为“CSV UTF-8（逗号分隔）”"},
  };
  return m;
}

// Labels of fields that several modules use; the rest come from the modules' declarations.
const std::map<std::string_view, std::string_view>& toolkit_fields() {
  static const std::map<std::string_view, std::string_view> m = {
      {"version", "版本"},  {"date", "日期"},   {"field", "字段"},        {"state", "状态"},
      {"from", "开始时间"}, {"to", "结束时间"}, {"community_id", "社区"},
  };
  return m;
}

std::optional<std::string_view> zh_message(std::string_view code) {
  if (auto it = toolkit_messages().find(code); it != toolkit_messages().end()) return it->second;
  if (const auto* e = find_error(code)) return e->zh;
  return std::nullopt;
}

std::optional<std::string_view> zh_field(std::string_view field) {
  if (auto it = toolkit_fields().find(field); it != toolkit_fields().end()) return it->second;
  if (const auto* f = find_field(field)) return f->zh;
  return std::nullopt;
}

std::string field_label(std::string_view field, lang l) {
  if (l == lang::en) return std::string(field);
  // "contacts[1].phone" → "紧急联系人2 联系电话"
  std::string out;
  std::string_view rest = field;
  while (!rest.empty()) {
    auto dot = rest.find('.');
    auto part = rest.substr(0, dot);
    auto br = part.find('[');
    auto base = part.substr(0, br);
    auto zh = zh_field(base);
    if (!out.empty()) out += " ";
    out += zh ? std::string(*zh) : std::string(base);
    if (br != std::string_view::npos) {
      // "contacts[1]" → "紧急联系人2"; anything else is shown as sent.
      int idx = 0;
      auto digits = part.substr(br + 1);
      auto [p, e] = std::from_chars(digits.data(), digits.data() + digits.size(), idx);
      if (e == std::errc() && p < digits.data() + digits.size() && *p == ']' && idx >= 0 &&
          idx < 1000)
        out += std::to_string(idx + 1);
      else
        out += std::string(part.substr(br));
    }
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  return out;
}

std::string replace_field(std::string_view tpl, const std::string& label) {
  std::string s(tpl);
  if (auto p = s.find("{f}"); p != std::string::npos) s.replace(p, 3, label);
  return s;
}

}  // namespace

lang lang_of(const request& req) {
  auto al = req.get("accept-language");
  if (al && al->starts_with("en")) return lang::en;
  return lang::zh;
}

int status_of(errc kind) {
  switch (kind) {
    case errc::invalid:
      return 422;
    case errc::unauthorized:
      return 401;
    case errc::forbidden:
      return 403;
    case errc::not_found:
      return 404;
    case errc::conflict:
      return 409;
    case errc::too_large:
      return 413;
    case errc::unsupported:
      return 415;
    case errc::rate_limited:
      return 429;
    case errc::unavailable:
      return 503;
    case errc::internal:
      return 500;
  }
  return 500;
}

std::string localized(std::string_view code, std::string_view field, std::string_view english,
                      lang l) {
  if (l == lang::en) {
    if (field.empty() || english.starts_with(field)) return std::string(english);
    return std::string(field) + ": " + std::string(english);
  }
  auto zh = zh_message(code);
  if (!zh) {
    if (field.empty()) return std::string(english);
    return field_label(field, l) + "：" + std::string(english);
  }
  auto label = field_label(field, l);
  std::string msg = replace_field(*zh, label);
  // Messages without {f} still say which field when it is not obvious.
  if (!field.empty() && zh->find("{f}") == std::string_view::npos &&
      !code.starts_with(std::string(field.substr(0, field.find('.'))))) {
    if (msg.find(label) == std::string::npos) msg = label + "：" + msg;
  }
  return msg;
}

response error_response(const error& e, lang l) {
  json::object err;
  err["code"] = e.code.empty() ? "internal" : e.code;
  // Internal details are logged, not shown.
  bool hide = e.kind == errc::internal;
  err["message"] = hide ? localized("internal", "", "Internal error", l)
                        : localized(e.code, e.field, e.message, l);
  if (!e.field.empty()) err["field"] = e.field;
  if (!e.details.empty()) {
    json::array arr;
    for (const auto& d : e.details)
      arr.push_back(json::object{{"field", d.field},
                                 {"code", d.code},
                                 {"message", localized(d.code, d.field, d.message, l)}});
    err["details"] = std::move(arr);
  }
  auto r = json_response(status_of(e.kind), json::object{{"error", std::move(err)}});
  if (e.kind == errc::rate_limited && e.retry_after > 0)
    r.set("retry-after", std::to_string(e.retry_after));
  return r;
}

}  // namespace ec::api
