import { createRouter, createWebHistory } from 'vue-router'
import { routes } from './routes'
import { useUserStore } from '@/stores/user'
import { decide } from './guard'
import { i18n } from '@/locales'

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const user = useUserStore()
  if (!user.checked) {
    try {
      await user.fetchMe()
    } catch {
      /* server unreachable: treat as signed out; the login page shows the error on submit */
    }
  }
  return decide(to, user)
})

router.afterEach((to) => {
  const t = i18n.global.t
  const title = to.meta.title ? t(to.meta.title) : ''
  document.title = title ? `${title} - ${t('app.name')}` : t('app.name')
})
