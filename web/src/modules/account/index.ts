import { defineModule } from '@/modules/types'

/** 个人中心: the signed-in user's own account and phone (views in src/views/account). */
export default defineModule({
  name: 'account',
  order: 90,
  routes: [
    {
      path: 'account',
      name: 'account',
      component: () => import('@/views/account/index.vue'),
      meta: { title: 'account.title', icon: 'User', hidden: true },
    },
  ],
})
