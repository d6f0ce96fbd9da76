/**
 * Phone numbers as the server accepts them:
 *  - mobile: 11 digits starting 13–19 (e.g. 13812345678);
 *  - landline: area code of 3–4 digits starting with 0, a hyphen, a 7–8 digit number and an
 *    optional "-extension" (e.g. 0533-6123456, 010-12345678-123).
 */

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/

export type PhoneKind = 'mobile' | 'landline'

export function normalizePhone(raw: string): string {
  return (raw ?? '').trim().replace(/\s+/g, '')
}

export function isMobile(raw: string): boolean {
  return MOBILE.test(normalizePhone(raw))
}

export function isLandline(raw: string): boolean {
  return LANDLINE.test(normalizePhone(raw))
}

/** The kind of a valid phone number, or null when it is neither. */
export function phoneKind(raw: string): PhoneKind | null {
  if (isMobile(raw)) return 'mobile'
  if (isLandline(raw)) return 'landline'
  return null
}

export function isValidPhone(raw: string): boolean {
  return phoneKind(raw) !== null
}
