#include "api/errors.hpp"

#include <charconv>
#include <map>

#include "api/json.hpp"

namespace ec::api {
namespace {

// Chinese messages by error code. `{f}` is replaced by the field's label.
const std::map<std::string_view, std::string_view>& zh_messages() {
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
      {"elder.id_number_duplicate", "该身份证号已登记在册"},
      {"elder.too_young", "老人须年满60周岁"},
      {"elder.org_unit_invalid", "所属社区/楼栋不存在或不在您的管辖范围内"},
      {"phone.invalid", "{f}格式不正确：手机号为11位（1开头），座机如0533-6123456"},
      {"date.invalid", "{f}不是有效日期（格式：YYYY-MM-DD）"},
      {"auth.invalid_credentials", "用户名或密码错误"},
      {"auth.locked", "账号已被临时锁定，请稍后再试"},
      {"auth.rate_limited", "尝试过于频繁，请稍后再试"},
      {"auth.required", "请先登录"},
      {"auth.csrf", "页面已过期，请刷新后重试"},
      {"auth.forbidden", "您没有执行此操作的权限"},
      {"auth.inactive", "该账号已停用"},
      {"auth.password_weak", "新密码至少10位，且不能与用户名相同"},
      {"auth.password_wrong", "原密码不正确"},
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
      {"import.has_errors", "导入文件有错误，未写入任何数据"},
      {"import.encoding", "文件编码无法识别，请另存为UTF-8或Excel格式"},
      {"import.csv_malformed", "CSV文件格式错误"},
      {"import.xlsx_malformed", "Excel文件已损坏或不是.xlsx格式"},
      {"import.too_large", "文件过大或行数过多"},
      {"import.too_many_columns", "某一行的单元格超过1024个，请删除多余的列后再导入"},
      {"import.text_too_large", "文件中的文字总量超过64 MiB，请拆分后分批导入"},
      {"import.no_header", "未找到表头行（应包含“姓名”和“身份证号”）"},
      {"import.unknown_community", "所属社区不存在：{f}"},
      {"import.duplicate_in_file", "身份证号在文件中重复出现"},
      {"org.invalid_parent", "上级单位不正确"},
      {"org.name_duplicate", "同一上级下已有同名单位"},
      {"org.not_empty", "该单位下仍有下级单位、在册老人或用户，不能停用"},
      {"user.username_taken", "用户名已被使用"},
      {"user.username_invalid", "用户名只能包含字母、数字、下划线和点，长度3-32"},
      {"db.busy", "系统繁忙，请稍后重试"},
      {"user.self_change", "不能停用自己或修改自己的角色"},
      {"elder.left", "该老人已离册，不能再修改"},
      {"datetime.invalid", "{f}不是有效的时间"},
      {"import.unknown_building", "该社区下没有这个楼栋/网格"},
      {"auth.must_change_password", "请先修改初始密码"},
      {"request.method_not_allowed", "该地址不支持此请求方法"},
      {"request.bad_target", "请求地址格式错误"},
      {"text.encoding", "文件编码无法识别"},
      {"export.too_large", "导出数据过多，请缩小筛选范围"},
      {"export.cell_too_long", "某个单元格内容过长"},
      {"export.xlsx_failed", "生成Excel文件失败"},
      {"demo.not_empty", "数据库中已有老人数据"},
      // Remote monitoring: ingest and alerts.
      {"ingest.bad_credentials", "设备未登记或密钥错误"},
      {"ingest.malformed", "设备数据格式错误"},
      {"ingest.device_retired", "该设备已停用"},
      {"ingest.device_unbound", "该设备尚未绑定老人"},
      {"ingest.unavailable", "看护服务暂不可用，请稍后重发"},
      {"ingest.timeout", "看护服务繁忙，请稍后重发"},
      {"ingest.store_failed", "数据保存失败，请稍后重发"},
      {"alert.not_found", "未找到该告警"},
      {"alert.stale", "该告警已被他人处理，请刷新后重试"},
      {"alert.already_resolved", "该告警已经办结"},
      {"alert.outcome_invalid", "请选择处置结果"},
      {"monitoring.threshold_invalid", "{f}的取值不正确"},
      // Remote monitoring: devices and settings.
      {"device.serial_invalid", "设备序列号应为4-40位字母、数字或“-”"},
      {"device.serial_taken", "该序列号的设备已登记"},
      {"device.already_bound", "该设备已绑定老人，请先解绑"},
      {"device.not_bound", "该设备尚未绑定老人"},
      {"device.retired", "该设备已停用，不能再修改或绑定"},
      {"device.elder_left", "该老人已离册，不能绑定设备"},
      {"device.provision_failed", "消息服务器未能开通设备账号，请稍后重试"},
      {"monitoring.plan_invalid", "{f}应在0秒到24小时之间"},
      {"monitoring.plan_default", "街道默认方案不能删除"},
      {"monitoring.clock_invalid", "{f}应为00:00-24:00之间的时间（HH:MM）"},
      {"internal", "系统内部错误"},
      // Alerts and the live feed (branch live).
      {"live.upgrade_required", "该地址仅用于实时推送（WebSocket）连接"},
      {"live.origin", "不允许从其他网站建立实时推送连接"},
      {"monitoring.unavailable", "远程看护服务暂不可用，请稍后重试"},
      // Bulk device import (branch bulk).
      {"device_import.media_type", "请以Excel文件（.xlsx）或CSV文件（UTF-8编码）导入设备"},
      {"metrics.token", "读取 /metrics 需要其令牌（Bearer）"},
      {"metrics.forbidden",
       "/metrics 仅允许本机访问；如需远程采集，请设置 ELDERCARE_METRICS_TOKEN"},
      {"device_import.no_header", "文件是空的，第一行应为表头（序列号、类型……）"},
      {"device_import.too_large", "文件超过1 MiB，请拆分后分批导入"},
      {"device_import.too_many_rows", "一次最多导入2000台设备，请拆分文件后分批导入"},
      {"device_import.no_rows", "文件只有表头，没有设备"},
      {"import.not_utf8", "文件不是UTF-8编码，请在Excel中另存为“CSV UTF-8（逗号分隔）”"},
      // My account: own phone (branch phone).
      {"user.phone_missing", "您还没有填写手机号，请先填写后再确认"},
  };
  return m;
}

const std::map<std::string_view, std::string_view>& zh_fields() {
  static const std::map<std::string_view, std::string_view> m = {
      {"name", "姓名"},
      {"id_number", "身份证号"},
      {"phone", "联系电话"},
      {"living_status", "居住状况"},
      {"categories", "特殊类别"},
      {"org_unit_id", "所属单位"},
      {"address", "家庭住址"},
      {"notes", "备注"},
      {"contacts", "紧急联系人"},
      {"relation", "关系"},
      {"version", "版本"},
      {"reason", "离册原因"},
      {"date", "日期"},
      {"username", "用户名"},
      {"password", "密码"},
      {"display_name", "姓名"},
      {"role", "角色"},
      {"old_password", "原密码"},
      {"new_password", "新密码"},
      {"parent_id", "上级单位"},
      {"kind", "类型"},
      {"code", "编码"},
      {"sort", "排序"},
      {"community", "所属社区"},
      {"building", "楼栋/网格"},
      {"field", "字段"},
      {"active", "启用"},
      {"note", "说明"},
      // Remote monitoring: devices and settings.
      {"serial", "设备序列号"},
      {"type", "设备类型"},
      {"device_type", "设备类型"},
      {"location", "安装位置"},
      {"elder_id", "老人"},
      {"settings", "阈值"},
      {"delays_s", "升级时限"},
      {"station_phone", "社区站值班电话"},
      {"emergency_phone", "急救电话"},
      {"utc_offset_min", "时区偏移"},
      {"heartbeat_interval_s", "心跳间隔"},
      {"offline_multiple", "离线判定倍数"},
      {"low_battery_percent", "低电量阈值"},
      {"battery_clear_margin", "电量恢复余量"},
      {"no_motion_hours", "无活动时长"},
      {"daytime", "白天时段"},
      {"night", "夜间时段"},
      {"start", "开始"},
      {"end", "结束"},
      {"hr_min", "心率下限"},
      {"hr_max", "心率上限"},
      {"hr_run", "连续异常次数"},
      {"damping_refires", "抑制前重复次数"},
      {"damping_window_s", "抑制窗口"},
      // Alerts (branch live).
      {"outcome", "处置结果"},
      {"severity", "级别"},
      {"state", "状态"},
      {"from", "开始时间"},
      {"to", "结束时间"},
      {"community_id", "社区"},
  };
  return m;
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
    auto it = zh_fields().find(base);
    if (!out.empty()) out += " ";
    out += it != zh_fields().end() ? std::string(it->second) : std::string(base);
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
  auto it = zh_messages().find(code);
  if (it == zh_messages().end()) {
    if (field.empty()) return std::string(english);
    return field_label(field, l) + "：" + std::string(english);
  }
  auto label = field_label(field, l);
  std::string msg = replace_field(it->second, label);
  // Messages without {f} still say which field when it is not obvious.
  if (!field.empty() && it->second.find("{f}") == std::string_view::npos &&
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
