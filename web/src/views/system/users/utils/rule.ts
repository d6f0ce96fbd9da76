import type { FormItemRule } from 'element-plus'
import { isValidPhone } from '@/utils/phone'

type T = (key: string, named?: Record<string, unknown>) => string

export function userRules(t: T, isCreate: () => boolean, username: () => string): Record<string, FormItemRule[]> {
  return {
    username: [
      { required: true, message: t('user.usernameRequired'), trigger: 'blur' },
      { pattern: /^[A-Za-z0-9_.]{3,32}$/, message: t('user.usernameFormat'), trigger: 'blur' },
    ],
    display_name: [
      { required: true, message: t('user.displayNameRequired'), trigger: 'blur' },
      { max: 32, message: t('common.tooLong', { field: t('user.displayName'), n: 32 }), trigger: 'blur' },
    ],
    phone: [
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => (!v || !v.trim() || isValidPhone(v) ? cb() : cb(new Error(t('user.phoneInvalid')))),
      },
    ],
    role: [{ required: true, message: t('user.roleRequired'), trigger: 'change' }],
    org_unit_id: [{ required: true, message: t('user.orgRequired'), trigger: 'change' }],
    password: [
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => {
          if (!isCreate()) return cb()
          if (!v) return cb(new Error(t('user.passwordRequired')))
          if (v.length < 10 || v.length > 128) return cb(new Error(t('user.passwordTooShort')))
          if (v.toLowerCase() === username().toLowerCase()) return cb(new Error(t('user.passwordIsUsername')))
          return cb()
        },
      },
    ],
  }
}
