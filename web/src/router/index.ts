import { createRouter, createWebHistory } from 'vue-router'
import { routes } from './routes'
import { useUserStore } from '@/stores/user'
import { hasPermission } from '@/utils/permission'
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
  if (to.meta.public) {
    if (to.name === 'login' && user.signedIn) return { path: '/home' }
    return true
  }
  if (!user.signedIn) {
    return { name: 'login', query: to.fullPath !== '/' && to.fullPath !== '/home' ? { redirect: to.fullPath } : {} }
  }
  if (user.mustChangePassword && to.name !== 'password') {
    return { name: 'password' }
  }
  const needs = to.matched.map((r) => r.meta.permission).filter(Boolean)
  if (!needs.every((n) => hasPermission(user.permissions, n))) {
    return { name: 'forbidden' }
  }
  return true
})

router.afterEach((to) => {
  const t = i18n.global.t
  const title = to.meta.title ? t(to.meta.title) : ''
  document.title = title ? `${title} - ${t('app.name')}` : t('app.name')
})
