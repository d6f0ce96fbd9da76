import { defineModule } from '@/modules/types'

/** 老人档案: the elder registry (views in src/views/registry). */
export default defineModule({
  name: 'registry',
  order: 10,
  routes: [
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
  ],
  shortcuts: [
    { to: '/registry/elders', icon: 'Tickets', label: 'menu.elders', permission: 'registry:elder:view' },
    { to: '/registry/elders/new', icon: 'Plus', label: 'menu.elderNew', permission: 'registry:elder:create' },
    { to: '/registry/import', icon: 'Upload', label: 'menu.elderImport', permission: 'registry:elder:import' },
  ],
})
