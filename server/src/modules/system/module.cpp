// The system module (系统管理): sign-in, org tree, users and roles, the audit log, one's own
// account, and the catalogue of permissions and audit labels that every module declares.
#include "api/module.hpp"

#include "modules/system/routes.hpp"

namespace ec::sys {
namespace {

void routes(api::router& r) {
  api::register_auth_routes(r);
  api::register_org_routes(r);
  api::register_user_routes(r);
  api::register_audit_routes(r);
  api::register_account_routes(r);
  api::register_catalogue_routes(r);
}

}  // namespace

const api::module& module_def() {
  static const api::module m{
      .name = "system",
      .title_zh = "系统管理",
      .title_en = "System",
      .routes = &routes,
      .permissions =
          {
              {"system:org:view",
               "查看组织架构",
               "View organisation",
               {"street_admin", "community_staff", "provider_staff", "kitchen", "auditor"}},
              {"system:org:edit", "编辑组织架构", "Edit organisation", {"street_admin"}},
              {"system:user:view", "查看用户", "View users", {"street_admin", "auditor"}},
              {"system:user:edit", "管理用户", "Manage users", {"street_admin"}},
              {"system:audit:view", "查看审计日志", "View audit log", {"street_admin", "auditor"}},
          },
      .audit_entities =
          {
              {"user", "用户", "User"},
              {"org_unit", "组织", "Org unit"},
              {"session", "会话", "Session"},
              {"system", "系统", "System"},
          },
      .audit_actions =
          {
              {"create", "新增", "Create"},
              {"update", "修改", "Update"},
              {"archive", "停用", "Archive"},
              {"delete", "删除", "Delete"},
              {"reveal", "查看完整信息", "Reveal full value"},
              {"login", "登录", "Sign in"},
              {"login_failed", "登录失败", "Failed sign-in"},
              {"logout", "退出", "Sign out"},
              {"password_change", "修改密码", "Change password"},
              {"password_reset", "重置密码", "Reset password"},
              {"account_locked", "账号锁定", "Account locked"},
              {"account_unlock", "解除锁定", "Account unlocked"},
          },
      .fields =
          {
              {"username", "用户名", "username"},
              {"password", "密码", "password"},
              {"display_name", "姓名", "display_name"},
              {"role", "角色", "role"},
              {"old_password", "原密码", "old_password"},
              {"new_password", "新密码", "new_password"},
              {"parent_id", "上级单位", "parent_id"},
              {"kind", "类型", "kind"},
              {"code", "编码", "code"},
              {"sort", "排序", "sort"},
              {"active", "启用", "active"},
              {"note", "说明", "note"},
          },
      .errors =
          {
              {"auth.invalid_credentials", "用户名或密码错误", "Wrong user name or password"},
              {"auth.locked", "账号已被临时锁定，请稍后再试", "Account temporarily locked"},
              {"auth.rate_limited", "尝试过于频繁，请稍后再试", "Too many sign-in attempts"},
              {"auth.required", "请先登录", "Sign in first"},
              {"auth.csrf", "页面已过期，请刷新后重试", "Missing or wrong X-CSRF-Token header"},
              {"auth.forbidden", "您没有执行此操作的权限", "Missing permission"},
              {"auth.inactive", "该账号已停用", "Account disabled"},
              {"auth.password_weak", "新密码至少10位，且不能与用户名相同",
               "The new password needs at least 10 characters and must differ from the user name"},
              {"auth.password_wrong", "原密码不正确", "is not the current password"},
              {"auth.must_change_password", "请先修改初始密码",
               "Change the temporary password first"},
              {"org.invalid_parent", "上级单位不正确", "This parent cannot hold this kind of unit"},
              {"org.name_duplicate", "同一上级下已有同名单位", "A unit with this name exists here"},
              {"org.not_empty", "该单位下仍有下级单位、在册老人或用户，不能停用",
               "The unit still has units, elders or users below it"},
              {"user.username_taken", "用户名已被使用", "User name already taken"},
              {"user.username_invalid", "用户名只能包含字母、数字、下划线和点，长度3-32",
               "3-32 letters, digits, _ or ."},
              {"user.self_change", "不能停用自己或修改自己的角色",
               "You cannot deactivate yourself or change your own role"},
              {"user.role_not_grantable",
               "您不能授予该角色或管理持有该角色的用户：该角色含有您没有的权限",
               "You cannot grant this role or manage its users: it holds permissions that you "
               "lack"},
              {"user.phone_missing", "您还没有填写手机号，请先填写后再确认",
               "no phone number to confirm: set one first"},
          },
  };
  return m;
}

}  // namespace ec::sys
