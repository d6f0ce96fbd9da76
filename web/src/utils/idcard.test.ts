import { describe, expect, it } from 'vitest'
import { checkChar, isValidIdNumber, parseIdNumber, withCheckChar } from './idcard'
import { ageOn, todayInShanghai } from './date'

const TODAY = '2026-11-29'

describe('parseIdNumber', () => {
  it('accepts the GB 11643 example and derives birth date, sex and age', () => {
    const r = parseIdNumber('11010519491231002X', TODAY)
    expect(r).toEqual({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', sex: 'F', age: 76 })
  })

  it('accepts a lower-case x and upper-cases it', () => {
    const r = parseIdNumber(' 11010519491231002x ', TODAY)
    expect(r.ok && r.value).toBe('11010519491231002X')
  })

  it('derives sex from the 17th digit', () => {
    const male = withCheckChar('37032219450101001')
    const r = parseIdNumber(male, TODAY)
    expect(r.ok && r.sex).toBe('M')
  })

  it('rejects a wrong check character and tells the expected one', () => {
    const good = withCheckChar('37032219450101001')
    const wrongLast = good[17] === '2' ? '3' : '2'
    const r = parseIdNumber(good.slice(0, 17) + wrongLast, TODAY)
    expect(r).toEqual({ ok: false, problem: 'checksum', expected: good[17] })
  })

  it('rejects wrong lengths and non-digits', () => {
    expect(parseIdNumber('', TODAY)).toMatchObject({ problem: 'empty' })
    expect(parseIdNumber('11010519491231002', TODAY)).toMatchObject({ problem: 'length' })
    expect(parseIdNumber('11010519491231002XX', TODAY)).toMatchObject({ problem: 'length' })
    expect(parseIdNumber('1101051949123100AX', TODAY)).toMatchObject({ problem: 'format' })
    expect(parseIdNumber('X10105194912310021', TODAY)).toMatchObject({ problem: 'format' })
  })

  it('rejects impossible birth dates', () => {
    expect(parseIdNumber(withCheckChar('11010519490231002'), TODAY)).toMatchObject({ problem: 'date' })
    expect(parseIdNumber(withCheckChar('11010519491301002'), TODAY)).toMatchObject({ problem: 'date' })
    expect(parseIdNumber(withCheckChar('11010519490000002'), TODAY)).toMatchObject({ problem: 'date' })
    // 1900 was not a leap year, 2000 was.
    expect(parseIdNumber(withCheckChar('11010519000229002'), TODAY)).toMatchObject({ problem: 'date' })
    expect(parseIdNumber(withCheckChar('11010520000229002'), TODAY).ok).toBe(true)
    // The server refuses birth years before 1850.
    expect(parseIdNumber(withCheckChar('11010518491231002'), TODAY)).toMatchObject({ problem: 'date' })
  })

  it('rejects birth dates in the future', () => {
    expect(parseIdNumber(withCheckChar('11010520261130002'), TODAY)).toMatchObject({ problem: 'future' })
    expect(parseIdNumber(withCheckChar('11010520261129002'), TODAY).ok).toBe(true)
  })

  it('computes the check character with the standard weights', () => {
    expect(checkChar('11010519491231002')).toBe('X')
    expect(isValidIdNumber('110105194912310021', TODAY)).toBe(false)
  })
})

describe('age in Asia/Shanghai', () => {
  it('counts whole years', () => {
    expect(ageOn('1966-11-29', '2026-11-29')).toBe(60)
    expect(ageOn('1966-11-30', '2026-11-29')).toBe(59)
    expect(ageOn('1966-12-01', '2026-11-29')).toBe(59)
  })

  it('turns a year older on 1 March for a 29 February birthday in common years', () => {
    expect(ageOn('1944-02-29', '2025-02-28')).toBe(80)
    expect(ageOn('1944-02-29', '2025-03-01')).toBe(81)
  })

  it('uses the Shanghai calendar day, not UTC', () => {
    // 2026-11-29 17:00 UTC is already 2026-11-30 01:00 in Shanghai.
    expect(todayInShanghai(new Date('2026-11-29T17:00:00Z'))).toBe('2026-11-30')
    expect(todayInShanghai(new Date('2026-11-29T15:59:00Z'))).toBe('2026-11-29')
  })
})
