import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { listRoles, listUsers, resetUserPassword, updateUser } from '@/api/system'
import type { Role, UserRow } from '@/types/api/system'

/** The user list: search, pagination, roles for the form, password reset. */
export function useUserList() {
  const { t } = useI18n()
  const search = reactive({ q: '' })
  const pagination = reactive({ page: 1, size: 20, total: 0 })
  const rows = ref<UserRow[]>([])
  const roles = ref<Role[]>([])
  const loading = ref(false)
  const tempPassword = ref<{ user: UserRow; value: string } | null>(null)

  async function load() {
    loading.value = true
    try {
      const res = await listUsers({ q: search.q.trim() || undefined, page: pagination.page, size: pagination.size })
      rows.value = res.items
      pagination.total = res.total
    } catch {
      rows.value = []
    } finally {
      loading.value = false
    }
  }

  async function loadRoles() {
    try {
      roles.value = (await listRoles()).items
    } catch {
      roles.value = []
    }
  }

  function onSearch() {
    pagination.page = 1
    load()
  }

  async function onResetPassword(user: UserRow) {
    try {
      await ElMessageBox.confirm(t('user.resetConfirm', { name: user.display_name }), t('user.resetPassword'), {
        type: 'warning',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    try {
      const res = await resetUserPassword(user.id)
      tempPassword.value = { user, value: res.temporary_password }
    } catch {
      /* toast shown */
    }
  }

  async function onUnlock(user: UserRow) {
    try {
      await ElMessageBox.confirm(t('user.unlockConfirm', { name: user.display_name }), t('user.unlock'), {
        type: 'info',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    try {
      await updateUser(user.id, { unlock: true })
      ElMessage.success(t('user.unlocked'))
      load()
    } catch {
      /* toast shown */
    }
  }

  return { search, pagination, rows, roles, loading, tempPassword, load, loadRoles, onSearch, onResetPassword, onUnlock }
}
