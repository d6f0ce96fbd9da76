import { defineModule, menuGroup, page } from '@/modules/types'

/** 系统管理: org units, users, roles and the audit log (views in src/views/system). */
export default defineModule({
  name: 'system',
  order: 30,
  routes: [
    menuGroup('system', { title: 'menu.system', icon: 'Setting', permission: ['system:org:view', 'system:user:view', 'system:audit:view'] }, [
      page('org', 'org', () => import('@/views/system/org/index.vue'), 'menu.org', 'system:org:view', { icon: 'OfficeBuilding' }),
      page('users', 'users', () => import('@/views/system/users/index.vue'), 'menu.users', 'system:user:view', { icon: 'User' }),
      page('roles', 'roles', () => import('@/views/system/roles/index.vue'), 'menu.roles', 'system:user:view', { icon: 'Key' }),
      page('audit', 'audit', () => import('@/views/system/audit/index.vue'), 'menu.audit', 'system:audit:view', { icon: 'Document' }),
    ]),
  ],
  shortcuts: [
    { to: '/system/org', icon: 'OfficeBuilding', label: 'menu.org', permission: 'system:org:view' },
    { to: '/system/users', icon: 'User', label: 'menu.users', permission: 'system:user:view' },
    { to: '/system/audit', icon: 'Document', label: 'menu.audit', permission: 'system:audit:view' },
  ],
})
