/**
 * Chinese phone numbers, checked and normalized the way the server does (server/src/core/phone):
 *  - mobile: 11 digits 1[3-9]xxxxxxxxx; spaces and dashes inside are dropped and a leading
 *    +86 / 86 / 0086 is removed: "+86 138-1234-5678" → "13812345678";
 *  - landline: an area code (010 and 02x have 3 digits, other 0xxx 4), a local number of 7–8
 *    digits not starting with 0 or 1, an optional extension of 1–6 digits:
 *    "(0533) 612 3456 转 12" → "0533-6123456-12". Full-width digits are accepted.
 */

export type PhoneKind = 'mobile' | 'landline'
export type PhoneProblem = 'empty' | 'chars' | 'country' | 'mobile' | 'area' | 'local' | 'extension' | 'groups'
export type PhoneResult = { ok: true; value: string; kind: PhoneKind } | { ok: false; problem: PhoneProblem }

const isMobileDigits = (s: string) => /^1[3-9]\d{9}$/.test(s)
const validLocal = (s: string) => /^[2-9]\d{6,7}$/.test(s)
const areaLen = (d: string) => (d.length >= 2 && (d[1] === '1' || d[1] === '2') ? 3 : 4)

/** Turns separators (space, dash, dot, brackets, 转, #, ext, full-width forms) into '-'. */
function toGroups(input: string): string | null {
  let out = ''
  const s = input.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
  for (let i = 0; i < s.length; ) {
    const c = s[i]
    if (/[0-9+]/.test(c)) {
      out += c
      i++
    } else if (/[\s\-.()#,\u8f6c\uff0d\uff08\uff09\u3000\u2014\u00a0]/.test(c)) {
      out += '-'
      i++
    } else if (/^ext/i.test(s.slice(i, i + 3))) {
      out += '-'
      i += 3
    } else {
      return null
    }
  }
  return out
}

export function parsePhone(input: string): PhoneResult {
  const grouped = toGroups((input ?? '').trim())
  if (grouped === null) return { ok: false, problem: 'chars' }
  const groups = grouped.split('-').filter(Boolean)
  if (groups.length === 0) return { ok: false, problem: 'empty' }

  let hadCountry = false
  if (groups[0].startsWith('+')) {
    if (!groups[0].startsWith('+86')) return { ok: false, problem: 'country' }
    groups[0] = groups[0].slice(3)
    hadCountry = true
    if (!groups[0]) groups.shift()
  } else if (groups[0] === '86' || groups[0] === '0086') {
    groups.shift()
    hadCountry = true
  }
  if (groups.some((g) => !/^\d+$/.test(g))) return { ok: false, problem: 'chars' }
  if (groups.length === 0) return { ok: false, problem: 'empty' }

  const joined = groups.join('')
  if (!hadCountry) {
    if (joined.length === 13 && joined.startsWith('86') && isMobileDigits(joined.slice(2)))
      return { ok: true, value: joined.slice(2), kind: 'mobile' }
    if (joined.length === 15 && joined.startsWith('0086') && isMobileDigits(joined.slice(4)))
      return { ok: true, value: joined.slice(4), kind: 'mobile' }
  }
  if (isMobileDigits(joined)) return { ok: true, value: joined, kind: 'mobile' }
  if (joined.startsWith('1')) return { ok: false, problem: 'mobile' }
  if (hadCountry && !joined.startsWith('0')) groups[0] = '0' + groups[0]
  if (!groups[0].startsWith('0')) return { ok: false, problem: 'area' }

  const alen = areaLen(groups[0])
  let area: string
  let local: string
  let next = 1
  if (groups[0].length === alen) {
    area = groups[0]
    if (groups.length < 2) return { ok: false, problem: 'local' }
    local = groups[1]
    next = 2
  } else if (groups[0].length > alen) {
    area = groups[0].slice(0, alen)
    local = groups[0].slice(alen)
  } else {
    return { ok: false, problem: 'area' }
  }
  if (!validLocal(local) && next < groups.length && validLocal(local + groups[next])) {
    local += groups[next]
    next++
  }
  if (!validLocal(local)) return { ok: false, problem: 'local' }
  let ext = ''
  if (next < groups.length) {
    ext = groups[next]
    next++
    if (ext.length > 6) return { ok: false, problem: 'extension' }
  }
  if (next < groups.length) return { ok: false, problem: 'groups' }
  return { ok: true, value: ext ? `${area}-${local}-${ext}` : `${area}-${local}`, kind: 'landline' }
}

/** The normalized number, or the trimmed input when it is not valid (the server will say why). */
export function normalizePhone(raw: string): string {
  const r = parsePhone(raw)
  return r.ok ? r.value : (raw ?? '').trim()
}

export function phoneKind(raw: string): PhoneKind | null {
  const r = parsePhone(raw)
  return r.ok ? r.kind : null
}

export const isMobile = (raw: string) => phoneKind(raw) === 'mobile'
export const isLandline = (raw: string) => phoneKind(raw) === 'landline'
export const isValidPhone = (raw: string) => phoneKind(raw) !== null
