import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { ApiError } from '@/api/request'
import type { Me } from '@/types/api'
import { hasPermission, type PermissionNeed } from '@/utils/permission'

export const useUserStore = defineStore('user', () => {
  const me = ref<Me | null>(null)
  const csrfToken = ref<string | null>(null)
  /** True once GET /me has answered (signed in or not). */
  const checked = ref(false)

  const permissions = computed(() => me.value?.permissions ?? [])
  const signedIn = computed(() => !!me.value)
  const mustChangePassword = computed(() => !!me.value?.must_change_password)

  function can(need: PermissionNeed) {
    return hasPermission(permissions.value, need)
  }

  function setMe(user: Me, token?: string) {
    me.value = user
    csrfToken.value = token ?? user.csrf_token ?? null
    checked.value = true
  }

  async function fetchMe(): Promise<Me | null> {
    try {
      const user = await authApi.getMe()
      setMe(user)
      return user
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        clear()
        return null
      }
      throw e
    } finally {
      checked.value = true
    }
  }

  async function login(username: string, password: string) {
    const res = await authApi.login({ username, password })
    setMe(res.user, res.csrf_token)
    return res.user
  }

  async function logout() {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  function clear() {
    me.value = null
    csrfToken.value = null
    checked.value = true
  }

  function passwordChanged() {
    if (me.value) me.value = { ...me.value, must_change_password: false }
  }

  return { me, csrfToken, checked, permissions, signedIn, mustChangePassword, can, setMe, fetchMe, login, logout, clear, passwordChanged }
})
