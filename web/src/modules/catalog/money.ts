/** Money is kept in fen (integer); the UI shows and edits yuan. */

/** 1250 → '¥12.50'; -5 → '-¥0.05'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}¥${yuan.toLocaleString('en-US')}.${cents}`
}

/** 12.5 → 1250; 0.1 + 0.2 style float noise is rounded away (0.3 → 30). */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100)
}

/** 1250 → 12.5 (for the yuan input). */
export function fenToYuan(fen: number): number {
  return fen / 100
}
