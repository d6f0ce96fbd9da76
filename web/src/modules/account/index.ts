import { defineModule, page } from '@/modules/types'

/** 个人中心: the signed-in user's own account and phone (views in src/views/account). */
export default defineModule({
  name: 'account',
  order: 90,
  routes: [page('account', 'account', () => import('@/views/account/index.vue'), 'account.title', undefined, { icon: 'User', hidden: true })],
})
