import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { confirmAction } from '@/utils/confirm'
import { listRoles, listUsers, resetUserPassword, updateUser } from '@/api/system'
import type { Role, UserRow } from '@/types/api'
import { usePagedList } from '@/composables/usePagedList'

/** The user list: search, pagination, roles for the form, password reset. */
export function useUserList() {
  const { t } = useI18n()
  const list = usePagedList({
    key: 'users',
    filters: () => ({ q: '' }),
    fetch: ({ filters, page, size }) => listUsers({ q: filters.q.trim() || undefined, page, size }),
  })
  const { load } = list
  const roles = ref<Role[]>([])
  const tempPassword = ref<{ user: UserRow; value: string } | null>(null)

  async function loadRoles() {
    try {
      roles.value = (await listRoles()).items
    } catch {
      roles.value = []
    }
  }

  async function onResetPassword(user: UserRow) {
    if (!(await confirmAction(t('user.resetConfirm', { name: user.display_name }), t('user.resetPassword')))) return
    try {
      const res = await resetUserPassword(user.id)
      tempPassword.value = { user, value: res.temporary_password }
    } catch {
      /* toast shown */
    }
  }

  async function onUnlock(user: UserRow) {
    if (!(await confirmAction(t('user.unlockConfirm', { name: user.display_name }), t('user.unlock'), { type: 'info' }))) return
    try {
      await updateUser(user.id, { unlock: true })
      ElMessage.success(t('user.unlocked'))
      load()
    } catch {
      /* toast shown */
    }
  }

  return { ...list, roles, tempPassword, loadRoles, onResetPassword, onUnlock }
}
