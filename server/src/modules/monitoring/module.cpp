// The remote-monitoring module (远程看护): devices, ingestion over MQTT and HTTP, rules,
// alerts and their escalation, the live board's health strip. docs/MONITORING.md.
#include "api/module.hpp"

#include "api/live_hub.hpp"
#include "demo/demo.hpp"
#include "modules/monitoring/devices.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"
#include "modules/registry/registry.hpp"

namespace ec::monitoring {
namespace {

void routes(api::router& r) {
  api::register_ingest_routes(r);
  api::register_device_routes(r);
  api::register_device_import_routes(r);
  api::register_monitoring_settings_routes(r);
  api::register_alert_routes(r);
  api::register_health_routes(r);
}

void metrics(const api::services& svc, std::string& out) {
  if (auto* m = svc.get<service>()) m->render_metrics(out);
}

// Rule state, MQTT ingestion and escalation timers run beside the HTTP server.
status start(api::services& svc) {
  auto m = std::make_shared<service>(svc.db, svc.cfg, svc.live, svc.http);
  if (auto st = m->start(); !st) return st;
  // An elder's devices follow the elder to another unit, in the move's transaction; the
  // writer reloads them once it has committed.
  if (auto* moves = svc.get<registry::move_followers>()) {
    std::weak_ptr<service> weak = m;
    moves->add([weak](db::connection& c, const sys::principal& who,
                      const registry::elder_move& mv) -> result<std::function<void()>> {
      auto ids = follow_elder(c, who, mv.elder_id, mv.elder_name, mv.to.id, mv.to.path, mv.to.name);
      if (!ids) return std::move(ids).err();
      return std::function<void()>([weak, ids = std::move(*ids)] {
        if (auto s = weak.lock()) s->devices_changed(ids);
      });
    });
  }
  svc.put(std::move(m));
  return {};
}

void stop(api::services& svc) {
  if (auto m = svc.take<service>()) m->stop();
}

}  // namespace

const api::module& module_def() {
  static const api::module m{
      .name = "monitoring",
      .title_zh = "远程看护",
      .title_en = "Remote monitoring",
      .routes = &routes,
      .permissions =
          {
              {"monitoring:device:view",
               "查看看护设备",
               "View monitoring devices",
               {"street_admin", "community_staff", "provider_staff", "volunteer", "family",
                "auditor"}},
              {"monitoring:device:edit",
               "管理看护设备",
               "Manage monitoring devices",
               {"street_admin", "community_staff"}},
              {"monitoring:alert:view",
               "查看告警",
               "View alerts",
               {"street_admin", "community_staff", "provider_staff", "volunteer", "family",
                "auditor"}},
              {"monitoring:alert:handle",
               "处置告警",
               "Handle alerts",
               {"street_admin", "community_staff", "volunteer"}},
              {"monitoring:settings:edit",
               "修改看护阈值",
               "Edit monitoring thresholds",
               {"street_admin"}},
              {"monitoring:plan:edit",
               "修改上报流程",
               "Edit escalation plans",
               {"street_admin", "community_staff"}},
              {"monitoring:ingest:view",
               "查看设备上报记录",
               "View device ingest records",
               {"street_admin", "community_staff", "auditor"}},
          },
      .audit_entities =
          {
              {"device", "设备", "Device"},
              {"alert", "告警", "Alert"},
              {"threshold_settings", "告警阈值", "Thresholds"},
              {"elder_thresholds", "老人告警阈值", "Elder's thresholds"},
              {"escalation_plan", "升级方案", "Escalation plan"},
          },
      .audit_actions =
          {
              {"bind", "绑定", "Bind"},
              {"unbind", "解绑", "Unbind"},
              {"retire", "停用设备", "Retire device"},
              {"reset_secret", "重置密钥", "New secret"},
              {"acknowledge", "接警", "Acknowledge"},
              {"resolve", "处置", "Resolve"},
          },
      .fields =
          {
              {"serial", "设备序列号", "serial"},
              {"type", "设备类型", "type"},
              {"device_type", "设备类型", "device_type"},
              {"location", "安装位置", "location"},
              {"elder_id", "老人", "elder_id"},
              {"settings", "阈值", "settings"},
              {"delays_s", "升级时限", "delays_s"},
              {"station_phone", "社区站值班电话", "station_phone"},
              {"emergency_phone", "急救电话", "emergency_phone"},
              {"utc_offset_min", "时区偏移", "utc_offset_min"},
              {"heartbeat_interval_s", "心跳间隔", "heartbeat_interval_s"},
              {"offline_multiple", "离线判定倍数", "offline_multiple"},
              {"low_battery_percent", "低电量阈值", "low_battery_percent"},
              {"battery_clear_margin", "电量恢复余量", "battery_clear_margin"},
              {"no_motion_hours", "无活动时长", "no_motion_hours"},
              {"daytime", "白天时段", "daytime"},
              {"night", "夜间时段", "night"},
              {"start", "开始", "start"},
              {"end", "结束", "end"},
              {"hr_min", "心率下限", "hr_min"},
              {"hr_max", "心率上限", "hr_max"},
              {"hr_run", "连续异常次数", "hr_run"},
              {"damping_refires", "抑制前重复次数", "damping_refires"},
              {"damping_window_s", "抑制窗口", "damping_window_s"},
              {"outcome", "处置结果", "outcome"},
              {"severity", "级别", "severity"},
          },
      .errors =
          {
              {"ingest.rate_limited", "该地址设备认证失败次数过多，请稍后再试",
               "Too many failed device sign-ins from this address"},
              {"ingest.bad_credentials", "设备未登记或密钥错误",
               "Send Authorization: Bearer SERIAL:SECRET"},
              {"ingest.malformed", "设备数据格式错误", "The device's message is malformed"},
              {"ingest.device_retired", "该设备已停用", "The device is retired"},
              {"ingest.device_unbound", "该设备尚未绑定老人",
               "The device is not bound to an elder"},
              {"ingest.unavailable", "看护服务暂不可用，请稍后重发",
               "Monitoring is not running on this node"},
              {"ingest.timeout", "看护服务繁忙，请稍后重发", "The store is too slow; send again"},
              {"ingest.store_failed", "数据保存失败，请稍后重发",
               "The events could not be stored; send again"},
              {"alert.not_found", "未找到该告警", "No such alert"},
              {"alert.stale", "该告警已被他人处理，请刷新后重试",
               "The alert changed meanwhile; reload"},
              {"alert.already_resolved", "该告警已经办结", "The alert is resolved already"},
              {"alert.outcome_invalid", "请选择处置结果",
               "outcome must be false_alarm, safe_on_visit, hospital or other"},
              {"monitoring.threshold_invalid", "{f}的取值不正确", "is out of range"},
              {"monitoring.plan_invalid", "{f}应在0秒到24小时之间",
               "An escalation delay is 0 .. 24 h"},
              {"monitoring.plan_default", "街道默认方案不能删除",
               "The sub-district default plan cannot be removed"},
              {"monitoring.clock_invalid", "{f}应为00:00-24:00之间的时间（HH:MM）",
               "Expected a time of day HH:MM between 00:00 and 24:00"},
              {"monitoring.unavailable", "远程看护服务暂不可用，请稍后重试",
               "Remote monitoring is not running"},
              {"device.serial_invalid", "设备序列号应为4-40位字母、数字或“-”",
               "must be 4 to 40 letters A-Z, digits or '-'"},
              {"device.serial_taken", "该序列号的设备已登记",
               "A device with this serial is already registered"},
              {"device.already_bound", "该设备已绑定老人，请先解绑",
               "The device is bound to an elder; unbind it first"},
              {"device.not_bound", "该设备尚未绑定老人", "The device is not bound to an elder"},
              {"device.retired", "该设备已停用，不能再修改或绑定", "The device is retired"},
              {"device.elder_left", "该老人已离册，不能绑定设备",
               "The elder has left the registry; devices bind to active elders only"},
              {"device.provision_failed", "消息服务器未能开通设备账号，请稍后重试",
               "The message broker did not accept the device's login; try again"},
              {"device.serial_reserved",
               "该序列号是消息服务器为平台自身保留的名称，不能用作设备序列号",
               "The serial is a name the message broker reserves for the server"},
              {"device.login_foreign",
               "消息服务器中已有同名的非设备账号，未作改动；请换用其他序列号",
               "The broker has a login of this name that is not a device login; it was left "
               "alone"},
              {"device_import.media_type", "请以Excel文件（.xlsx）或CSV文件（UTF-8编码）导入设备",
               "send an .xlsx workbook or text/csv (UTF-8)"},
              {"device_import.no_header", "文件是空的，第一行应为表头（序列号、类型……）",
               "the file is empty; the first row must be the header (序列号,类型,…)"},
              {"device_import.too_large", "文件超过1 MiB，请拆分后分批导入",
               "the file is larger than 1 MiB"},
              {"device_import.too_many_rows", "一次最多导入2000台设备，请拆分文件后分批导入",
               "at most 2000 devices per file"},
              {"device_import.no_rows", "文件只有表头，没有设备",
               "the file has a header but no devices"},
          },
      .metrics = &metrics,
      .background = {{"monitoring", &start, &stop}},
      .demo = &demo::load_monitoring,
  };
  return m;
}

}  // namespace ec::monitoring
