import { defineModule } from '@/modules/types'

/** 安全监测: alerts, devices and their settings (views in src/views/monitoring). */
export default defineModule({
  name: 'monitoring',
  order: 20,
  routes: [
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
  ],
  shortcuts: [
    // 实时告警 comes first on the home page: a building leader's first stop.
    { to: '/monitoring/board', icon: 'AlarmClock', label: 'alerts.menu.board', permission: 'monitoring:alert:view', order: 5 },
  ],
})
