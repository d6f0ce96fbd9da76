import { defineModule, menuGroup, page } from '@/modules/types'

/** Pages reached from the elder list: not in the menu, which keeps the list lit. */
const underList = { hidden: true, activeMenu: '/registry/elders' }

/** 老人档案: the elder registry (views in src/views/registry). */
export default defineModule({
  name: 'registry',
  order: 10,
  routes: [
    menuGroup('registry', { title: 'menu.registry', icon: 'UserFilled', permission: ['registry:elder:view', 'registry:elder:import'] }, [
      page('elders', 'elders', () => import('@/views/registry/elders/index.vue'), 'menu.elders', 'registry:elder:view', { icon: 'Tickets' }),
      page('elders/new', 'elder-new', () => import('@/views/registry/elders/form.vue'), 'menu.elderNew', 'registry:elder:create', underList),
      page('import', 'elder-import', () => import('@/views/registry/elders/import.vue'), 'menu.elderImport', 'registry:elder:import', { icon: 'Upload' }),
      page('elders/:id(\\d+)', 'elder-detail', () => import('@/views/registry/elders/detail.vue'), 'menu.elderDetail', 'registry:elder:view', underList),
      page('elders/:id(\\d+)/edit', 'elder-edit', () => import('@/views/registry/elders/form.vue'), 'menu.elderEdit', 'registry:elder:edit', underList),
    ]),
  ],
  shortcuts: [
    { to: '/registry/elders', icon: 'Tickets', label: 'menu.elders', permission: 'registry:elder:view' },
    { to: '/registry/elders/new', icon: 'Plus', label: 'menu.elderNew', permission: 'registry:elder:create' },
    { to: '/registry/import', icon: 'Upload', label: 'menu.elderImport', permission: 'registry:elder:import' },
  ],
})
