import { describe, expect, it } from 'vitest'
import { isLandline, isMobile, isValidPhone, normalizePhone, parsePhone, phoneKind } from './phone'

describe('mobile numbers', () => {
  it('accepts 11 digits starting 13–19', () => {
    expect(isMobile('13812345678')).toBe(true)
    expect(isMobile('19912345678')).toBe(true)
    expect(isMobile('12812345678')).toBe(false)
    expect(isMobile('1381234567')).toBe(false)
    expect(isMobile('138123456789')).toBe(false)
    expect(isMobile('23812345678')).toBe(false)
  })

  it('drops separators and the country code', () => {
    expect(normalizePhone(' 138 1234 5678 ')).toBe('13812345678')
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678')
    expect(normalizePhone('8613812345678')).toBe('13812345678')
    expect(normalizePhone('008613812345678')).toBe('13812345678')
    expect(normalizePhone('１３８１２３４５６７８')).toBe('13812345678')
  })

  it('names the problem', () => {
    expect(parsePhone('1381234567')).toEqual({ ok: false, problem: 'mobile' })
    expect(parsePhone('+1 2025550123')).toEqual({ ok: false, problem: 'country' })
    expect(parsePhone('138abc')).toEqual({ ok: false, problem: 'chars' })
    expect(parsePhone('')).toEqual({ ok: false, problem: 'empty' })
  })
})

describe('landlines', () => {
  it('accepts an area code of 3–4 digits starting 0 and a 7–8 digit number', () => {
    expect(isLandline('0533-6123456')).toBe(true)
    expect(isLandline('010-62345678')).toBe(true)
    expect(normalizePhone('0533-61234567-802')).toBe('0533-61234567-802')
    expect(normalizePhone('(0533) 612 3456 转 12')).toBe('0533-6123456-12')
    expect(normalizePhone('05336123456')).toBe('0533-6123456')
    expect(normalizePhone('0533-612-3456')).toBe('0533-6123456')
  })

  it('rejects bad area codes, local numbers and extensions', () => {
    expect(isLandline('533-6123456')).toBe(false)
    expect(isLandline('0533-612345')).toBe(false)
    expect(isLandline('0533-612345678')).toBe(false)
    expect(isLandline('0533-0123456')).toBe(false)
    expect(parsePhone('053')).toEqual({ ok: false, problem: 'area' })
    expect(parsePhone('0533-6123456-1234567')).toEqual({ ok: false, problem: 'extension' })
    expect(parsePhone('0533-6123456-12-3')).toEqual({ ok: false, problem: 'groups' })
  })
})

describe('phoneKind', () => {
  it('tells the kind', () => {
    expect(phoneKind('13812345678')).toBe('mobile')
    expect(phoneKind('0533-6123456')).toBe('landline')
    expect(phoneKind('abc')).toBeNull()
    expect(isValidPhone('')).toBe(false)
  })
})
