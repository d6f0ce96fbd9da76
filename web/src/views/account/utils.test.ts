import { describe, expect, it } from 'vitest'
import { isFirstResponder, phoneInputProblem, phoneReminder, phoneState } from './utils'

const leader = { role: { code: 'volunteer' as const, name: '志愿者' }, data_scope: 'self' as const }
const family = { role: { code: 'family' as const, name: '家属' }, data_scope: 'self' as const }
const staff = { role: { code: 'community_staff' as const, name: '社区工作人员' }, data_scope: 'unit_tree' as const }
const volunteerWide = { role: { code: 'volunteer' as const, name: '志愿者' }, data_scope: 'unit_tree' as const }

const none = { phone_masked: null, confirmed_at: null }
const typedByAdmin = { phone_masked: '138****6105', confirmed_at: null }
const confirmed = { phone_masked: '138****6105', confirmed_at: '2026-11-29T13:05:00+08:00' }

describe('phoneState', () => {
  it('tells missing, unconfirmed and confirmed apart', () => {
    expect(phoneState(none)).toBe('missing')
    expect(phoneState(null)).toBe('missing')
    expect(phoneState(typedByAdmin)).toBe('unconfirmed')
    expect(phoneState(confirmed)).toBe('confirmed')
    // A confirmation time without a number (never sent by the server) is still "missing".
    expect(phoneState({ phone_masked: null, confirmed_at: confirmed.confirmed_at })).toBe('missing')
  })
})

describe('the home reminder', () => {
  it('is for volunteers and self-scope users', () => {
    expect(isFirstResponder(leader)).toBe(true)
    expect(isFirstResponder(volunteerWide)).toBe(true)
    expect(isFirstResponder(family)).toBe(true)
    expect(isFirstResponder(staff)).toBe(false)
    expect(isFirstResponder(null)).toBe(false)
  })

  it('shows only while the number is missing or unconfirmed', () => {
    expect(phoneReminder(leader, none)).toBe('missing')
    expect(phoneReminder(leader, typedByAdmin)).toBe('unconfirmed')
    expect(phoneReminder(leader, confirmed)).toBeNull()
    expect(phoneReminder(staff, none)).toBeNull()
    // Not known yet (still loading, or the request failed): no reminder.
    expect(phoneReminder(leader, null)).toBeNull()
  })
})

describe('phoneInputProblem', () => {
  it('accepts mobiles and landlines as the server does', () => {
    expect(phoneInputProblem('13905337001')).toBeNull()
    expect(phoneInputProblem('+86 139-0533-7001')).toBeNull()
    expect(phoneInputProblem('0533-6123456')).toBeNull()
    expect(phoneInputProblem('(0533) 612 3456 转 12')).toBeNull()
  })

  it('names what is wrong', () => {
    expect(phoneInputProblem('')).toBe('empty')
    expect(phoneInputProblem('1381234567')).toBe('mobile')
    expect(phoneInputProblem('0533-612')).toBe('local')
    expect(phoneInputProblem('call me')).toBe('chars')
    expect(phoneInputProblem('+1 2025550123')).toBe('country')
  })
})
