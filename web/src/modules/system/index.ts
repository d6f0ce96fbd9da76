import { defineModule } from '@/modules/types'

/** 系统管理: org units, users, roles and the audit log (views in src/views/system). */
export default defineModule({
  name: 'system',
  order: 30,
  routes: [
    {
      path: 'system',
      name: 'system',
      redirect: '/system/org',
      meta: {
        title: 'menu.system',
        icon: 'Setting',
        permission: ['system:org:view', 'system:user:view', 'system:audit:view'],
      },
      children: [
        {
          path: 'org',
          name: 'org',
          component: () => import('@/views/system/org/index.vue'),
          meta: { title: 'menu.org', icon: 'OfficeBuilding', permission: 'system:org:view' },
        },
        {
          path: 'users',
          name: 'users',
          component: () => import('@/views/system/users/index.vue'),
          meta: { title: 'menu.users', icon: 'User', permission: 'system:user:view' },
        },
        {
          path: 'roles',
          name: 'roles',
          component: () => import('@/views/system/roles/index.vue'),
          meta: { title: 'menu.roles', icon: 'Key', permission: 'system:user:view' },
        },
        {
          path: 'audit',
          name: 'audit',
          component: () => import('@/views/system/audit/index.vue'),
          meta: { title: 'menu.audit', icon: 'Document', permission: 'system:audit:view' },
        },
      ],
    },
  ],
  shortcuts: [
    { to: '/system/org', icon: 'OfficeBuilding', label: 'menu.org', permission: 'system:org:view' },
    { to: '/system/users', icon: 'User', label: 'menu.users', permission: 'system:user:view' },
    { to: '/system/audit', icon: 'Document', label: 'menu.audit', permission: 'system:audit:view' },
  ],
})
