import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { hasPermission } from '@/utils/permission'

export interface GuardUser {
  signedIn: boolean
  mustChangePassword: boolean
  permissions: readonly string[]
}

/**
 * Where a navigation may go: public pages always; otherwise sign in first, change a temporary
 * password first, and have every permission the matched routes ask for (else 403).
 */
export function decide(to: Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta' | 'matched'>, user: GuardUser): true | RouteLocationRaw {
  if (to.meta.public) {
    if (to.name === 'login' && user.signedIn) return { path: '/home' }
    return true
  }
  if (!user.signedIn) {
    return { name: 'login', query: to.fullPath !== '/' && to.fullPath !== '/home' ? { redirect: to.fullPath } : {} }
  }
  if (user.mustChangePassword && to.name !== 'password') return { name: 'password' }
  const needs = to.matched.map((r) => r.meta.permission).filter(Boolean)
  if (!needs.every((n) => hasPermission(user.permissions, n))) return { name: 'forbidden' }
  return true
}
