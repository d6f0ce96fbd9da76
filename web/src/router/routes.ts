import type { RouteRecordRaw } from 'vue-router'

/**
 * Route meta:
 *  - title: locale key for the page title and menu;
 *  - permission: code(s) the user needs (any one); the side menu hides what the user lacks;
 *  - icon: Element Plus icon name for the menu;
 *  - hidden: not in the menu;
 *  - public: reachable without signing in.
 */
declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    permission?: string | string[]
    icon?: string
    hidden?: boolean
    public?: boolean
    activeMenu?: string
  }
}

export const layoutChildren: RouteRecordRaw[] = [
  {
    path: 'home',
    name: 'home',
    component: () => import('@/views/home/index.vue'),
    meta: { title: 'menu.home', icon: 'HomeFilled' },
  },
  {
    path: 'registry',
    name: 'registry',
    redirect: '/registry/elders',
    meta: { title: 'menu.registry', icon: 'UserFilled', permission: ['registry:elder:view', 'registry:elder:import'] },
    children: [
      {
        path: 'elders',
        name: 'elders',
        component: () => import('@/views/registry/elders/index.vue'),
        meta: { title: 'menu.elders', icon: 'Tickets', permission: 'registry:elder:view' },
      },
      {
        path: 'elders/new',
        name: 'elder-new',
        component: () => import('@/views/registry/elders/form.vue'),
        meta: { title: 'menu.elderNew', permission: 'registry:elder:create', hidden: true, activeMenu: '/registry/elders' },
      },
      {
        path: 'import',
        name: 'elder-import',
        component: () => import('@/views/registry/elders/import.vue'),
        meta: { title: 'menu.elderImport', icon: 'Upload', permission: 'registry:elder:import' },
      },
      {
        path: 'elders/:id(\\d+)',
        name: 'elder-detail',
        component: () => import('@/views/registry/elders/detail.vue'),
        meta: { title: 'menu.elderDetail', permission: 'registry:elder:view', hidden: true, activeMenu: '/registry/elders' },
      },
      {
        path: 'elders/:id(\\d+)/edit',
        name: 'elder-edit',
        component: () => import('@/views/registry/elders/form.vue'),
        meta: { title: 'menu.elderEdit', permission: 'registry:elder:edit', hidden: true, activeMenu: '/registry/elders' },
      },
    ],
  },
  {
    path: 'monitoring',
    name: 'monitoring',
    redirect: '/monitoring/board',
    meta: {
      title: 'alerts.menu.group',
      icon: 'Monitor',
      permission: ['monitoring:alert:view', 'monitoring:device:view', 'monitoring:settings:edit', 'monitoring:plan:edit'],
    },
    children: [
      {
        path: 'board',
        name: 'monitoring-board',
        component: () => import('@/views/monitoring/board/index.vue'),
        meta: { title: 'alerts.menu.board', icon: 'AlarmClock', permission: 'monitoring:alert:view' },
      },
      {
        path: 'history',
        name: 'monitoring-history',
        component: () => import('@/views/monitoring/history/index.vue'),
        meta: { title: 'alerts.menu.history', icon: 'Tickets', permission: 'monitoring:alert:view' },
      },
      {
        path: 'devices',
        name: 'devices',
        component: () => import('@/views/monitoring/devices/index.vue'),
        meta: { title: 'devices.menu.devices', icon: 'Cpu', permission: 'monitoring:device:view' },
      },
      {
        path: 'settings',
        name: 'monitoring-settings',
        component: () => import('@/views/monitoring/settings/index.vue'),
        meta: { title: 'devices.menu.settings', icon: 'SetUp', permission: ['monitoring:settings:edit', 'monitoring:plan:edit'] },
      },
    ],
  },
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
  {
    path: 'password',
    name: 'password',
    component: () => import('@/views/password/index.vue'),
    meta: { title: 'menu.password', icon: 'Lock', hidden: true },
  },
  {
    path: 'account',
    name: 'account',
    component: () => import('@/views/account/index.vue'),
    meta: { title: 'account.title', icon: 'User', hidden: true },
  },
  {
    path: '403',
    name: 'forbidden',
    component: () => import('@/views/error/403.vue'),
    meta: { title: 'common.forbidden', hidden: true },
  },
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layout/index.vue'),
    redirect: '/home',
    children: [
      ...layoutChildren,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/404.vue'),
        meta: { title: 'common.notFound', hidden: true },
      },
    ],
  },
]
