import { defineModule, menuGroup, page } from '@/modules/types'

const group = {
  title: 'alerts.menu.group',
  icon: 'Monitor',
  permission: ['monitoring:alert:view', 'monitoring:device:view', 'monitoring:settings:edit', 'monitoring:plan:edit'],
}

/** 安全监测: alerts, devices and their settings (views in src/views/monitoring). */
export default defineModule({
  name: 'monitoring',
  order: 20,
  routes: [
    menuGroup('monitoring', group, [
      page('board', 'monitoring-board', () => import('@/views/monitoring/board/index.vue'), 'alerts.menu.board', 'monitoring:alert:view', { icon: 'AlarmClock' }),
      page('history', 'monitoring-history', () => import('@/views/monitoring/history/index.vue'), 'alerts.menu.history', 'monitoring:alert:view', { icon: 'Tickets' }),
      page('devices', 'devices', () => import('@/views/monitoring/devices/index.vue'), 'devices.menu.devices', 'monitoring:device:view', { icon: 'Cpu' }),
      page('settings', 'monitoring-settings', () => import('@/views/monitoring/settings/index.vue'), 'devices.menu.settings', ['monitoring:settings:edit', 'monitoring:plan:edit'], {
        icon: 'SetUp',
      }),
    ]),
  ],
  shortcuts: [
    // 实时告警 comes first on the home page: a building leader's first stop.
    { to: '/monitoring/board', icon: 'AlarmClock', label: 'alerts.menu.board', permission: 'monitoring:alert:view', order: 5 },
  ],
})
