/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999), checked the same way the server checks them:
 * 18 characters, the first 17 digits, a real birth date not in the future and the ISO 7064
 * MOD 11-2 check character. A lower-case x is accepted and upper-cased.
 */
import { ageOn, isValidDate, todayInShanghai } from './date'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Minimum age of an elder in the registry. */
export const ELDER_MIN_AGE = 60

export type IdCardProblem = 'empty' | 'length' | 'format' | 'date' | 'future' | 'checksum'

export interface IdCardInfo {
  /** Upper-cased, trimmed. */
  value: string
  birthDate: string
  sex: 'M' | 'F'
  age: number
}

export type IdCardResult = ({ ok: true } & IdCardInfo) | { ok: false; problem: IdCardProblem; expected?: string }

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

/** The check character for the first 17 digits. */
export function checkChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

export function parseIdNumber(raw: string, today: string = todayInShanghai()): IdCardResult {
  const value = normalizeIdNumber(raw ?? '')
  if (!value) return { ok: false, problem: 'empty' }
  if (value.length !== 18) return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' }
  const y = Number(value.slice(6, 10))
  const m = Number(value.slice(10, 12))
  const d = Number(value.slice(12, 14))
  if (y < 1850 || !isValidDate(y, m, d)) return { ok: false, problem: 'date' }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`
  if (birthDate > today) return { ok: false, problem: 'future' }
  const expected = checkChar(value.slice(0, 17))
  if (value[17] !== expected) return { ok: false, problem: 'checksum', expected }
  const sex = Number(value[16]) % 2 === 1 ? 'M' : 'F'
  return { ok: true, value, birthDate, sex, age: ageOn(birthDate, today) }
}

export function isValidIdNumber(raw: string, today?: string): boolean {
  return parseIdNumber(raw, today).ok
}

/** Builds a valid number from 17 digits (used by tests and the demo). */
export function withCheckChar(first17: string): string {
  return first17 + checkChar(first17)
}
