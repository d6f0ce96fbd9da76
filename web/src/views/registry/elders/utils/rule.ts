import type { FormItemRule } from 'element-plus'
import { ELDER_MIN_AGE, parseIdNumber } from '@/utils/idcard'
import { isValidPhone } from '@/utils/phone'

type T = (key: string, named?: Record<string, unknown>) => string

/** The message for an ID number, or '' when it is a valid number of a person aged 60 or more. */
export function idNumberMessage(t: T, value: string, today?: string): string {
  const r = parseIdNumber(value, today)
  if (r.ok) return r.age < ELDER_MIN_AGE ? t('elder.validation.tooYoung', { age: r.age }) : ''
  switch (r.problem) {
    case 'empty':
      return t('elder.validation.idRequired')
    case 'length':
      return t('elder.validation.idLength', { n: value.trim().length })
    case 'format':
      return t('elder.validation.idFormat')
    case 'date':
      return t('elder.validation.idDate')
    case 'future':
      return t('elder.validation.idFuture')
    case 'checksum':
      return t('elder.validation.idChecksum', { expected: r.expected })
  }
}

export function elderRules(t: T, opts: { idEditable: () => boolean }): Record<string, FormItemRule[]> {
  return {
    name: [
      { required: true, message: t('elder.validation.nameRequired'), trigger: 'blur' },
      { max: 32, message: t('common.tooLong', { field: t('elder.name'), n: 32 }), trigger: 'blur' },
    ],
    id_number: [
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => {
          if (!opts.idEditable()) return cb()
          const msg = idNumberMessage(t, v ?? '')
          return msg ? cb(new Error(msg)) : cb()
        },
      },
    ],
    phone: [
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => (v && v.trim() && !isValidPhone(v) ? cb(new Error(t('elder.validation.phoneInvalid'))) : cb()),
      },
    ],
    living_status: [{ required: true, message: t('elder.validation.livingRequired'), trigger: 'change' }],
    org_unit_id: [{ required: true, message: t('elder.validation.orgRequired'), trigger: 'change' }],
    // The server does not require an address (survey sheets often lack one); it caps it at 128.
    address: [{ max: 128, message: t('common.tooLong', { field: t('elder.address'), n: 128 }), trigger: 'blur' }],
    notes: [{ max: 1000, message: t('common.tooLong', { field: t('elder.notes'), n: 1000 }), trigger: 'blur' }],
  }
}

export function contactRules(t: T, needPhone: () => boolean) {
  return {
    name: [
      { required: true, message: t('elder.validation.contactNameRequired'), trigger: 'blur' },
      { max: 32, message: t('common.tooLong', { field: t('elder.contactName'), n: 32 }), trigger: 'blur' },
    ] as FormItemRule[],
    relation: [{ required: true, message: t('elder.validation.relationRequired'), trigger: 'change' }] as FormItemRule[],
    phone: [
      {
        trigger: 'blur',
        validator: (_r: unknown, v: string, cb: (e?: Error) => void) => {
          if (!needPhone()) return cb()
          if (!v || !v.trim()) return cb(new Error(t('elder.validation.contactPhoneRequired')))
          return isValidPhone(v) ? cb() : cb(new Error(t('elder.validation.phoneInvalid')))
        },
      },
    ] as FormItemRule[],
  }
}
