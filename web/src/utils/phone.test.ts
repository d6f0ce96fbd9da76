import { describe, expect, it } from 'vitest'
import { isLandline, isMobile, isValidPhone, phoneKind } from './phone'

describe('phone numbers', () => {
  it('accepts mobile numbers 1[3-9] + 9 digits', () => {
    expect(isMobile('13812345678')).toBe(true)
    expect(isMobile('19912345678')).toBe(true)
    expect(isMobile(' 138 1234 5678 ')).toBe(true)
    expect(isMobile('12812345678')).toBe(false)
    expect(isMobile('1381234567')).toBe(false)
    expect(isMobile('138123456789')).toBe(false)
    expect(isMobile('23812345678')).toBe(false)
  })

  it('accepts landlines with a 3–4 digit area code starting 0', () => {
    expect(isLandline('0533-6123456')).toBe(true)
    expect(isLandline('010-12345678')).toBe(true)
    expect(isLandline('0533-61234567-802')).toBe(true)
    expect(isLandline('533-6123456')).toBe(false)
    expect(isLandline('05333-6123456')).toBe(false)
    expect(isLandline('0533-612345')).toBe(false)
    expect(isLandline('0533-612345678')).toBe(false)
    expect(isLandline('0533-6123456-')).toBe(false)
  })

  it('tells the kind', () => {
    expect(phoneKind('13812345678')).toBe('mobile')
    expect(phoneKind('0533-6123456')).toBe('landline')
    expect(phoneKind('abc')).toBeNull()
    expect(isValidPhone('')).toBe(false)
  })
})
