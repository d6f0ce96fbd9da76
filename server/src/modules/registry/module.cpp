// The registry module (档案管理): elders, their households and contacts, import and export.
#include "api/module.hpp"

#include "api/services.hpp"
#include "demo/demo.hpp"
#include "modules/registry/elders.hpp"
#include "modules/registry/routes.hpp"

namespace ec::registry {

const api::module& module_def() {
  static const api::module m{
      .name = "registry",
      .title_zh = "档案管理",
      .title_en = "Registry",
      .routes = &api::register_elder_routes,
      .permissions =
          {
              {"registry:elder:view",
               "查看老人档案",
               "View elders",
               {"street_admin", "community_staff", "provider_staff", "field_worker", "volunteer",
                "family", "auditor"}},
              {"registry:elder:create",
               "新增老人",
               "Add elders",
               {"street_admin", "community_staff"}},
              {"registry:elder:edit",
               "编辑老人",
               "Edit elders",
               {"street_admin", "community_staff"}},
              {"registry:elder:leave",
               "老人离册",
               "Remove elders from the registry",
               {"street_admin", "community_staff"}},
              {"registry:elder:reveal",
               "查看完整身份证号/电话",
               "Reveal full ID and phone numbers",
               {"street_admin", "community_staff", "volunteer", "family"}},
              {"registry:elder:import",
               "导入老人",
               "Import elders",
               {"street_admin", "community_staff"}},
              {"registry:elder:export",
               "导出老人",
               "Export elders",
               {"street_admin", "community_staff"}},
          },
      .audit_entities = {{"elder", "老人", "Elder"}},
      .audit_actions =
          {
              {"leave", "离册", "Leave registry"},
              {"import", "导入", "Import"},
              {"export", "导出", "Export"},
              {"demo", "载入演示数据", "Demo data loaded"},
          },
      .fields =
          {
              {"name", "姓名", "name"},
              {"id_number", "身份证号", "id_number"},
              {"phone", "联系电话", "phone"},
              {"living_status", "居住状况", "living_status"},
              {"categories", "特殊类别", "categories"},
              {"org_unit_id", "所属单位", "org_unit_id"},
              {"address", "家庭住址", "address"},
              {"notes", "备注", "notes"},
              {"contacts", "紧急联系人", "contacts"},
              {"relation", "关系", "relation"},
              {"reason", "离册原因", "reason"},
              {"community", "所属社区", "community"},
              {"building", "楼栋/网格", "building"},
          },
      .errors =
          {
              {"elder.id_number_duplicate", "该身份证号已登记在册",
               "This ID number is already registered"},
              {"elder.too_young", "老人须年满60周岁", "The person must be 60 or older"},
              {"elder.org_unit_invalid", "所属社区/楼栋不存在或不在您的管辖范围内",
               "No such community or building in your scope"},
              {"elder.left", "该老人已离册，不能再修改", "The elder has left the registry"},
              {"import.has_errors", "导入文件有错误，未写入任何数据",
               "The file has errors; nothing was written"},
              {"import.no_header", "未找到表头行（应包含“姓名”和“身份证号”）",
               "No header row with both 姓名 and 身份证号 in the first 10 rows"},
              {"import.unknown_community", "所属社区不存在：{f}", "No such community or village"},
              {"import.duplicate_in_file", "身份证号在文件中重复出现",
               "The same ID number appears on an earlier row"},
              {"import.unknown_building", "该社区下没有这个楼栋/网格",
               "No such grid or building in this community"},
              {"pii.decrypt", "个人信息无法解密（密钥缺失或数据损坏），请联系运维人员",
               "Personal data could not be decrypted (missing key or damaged value); tell "
               "operations"},
              {"demo.not_empty", "数据库中已有老人数据", "The database already has elders"},
          },
      // Owns the followers of elders' moves (move_followers), which later modules join when
      // they start.
      .background = {{"registry",
                      [](api::services& svc) -> status {
                        svc.put(std::make_shared<move_followers>());
                        return {};
                      },
                      [](api::services& svc) { svc.take<move_followers>(); }}},
      .demo = &demo::load_registry,
  };
  return m;
}

}  // namespace ec::registry
