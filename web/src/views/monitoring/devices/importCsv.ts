/**
 * The CSV file of the bulk device import (docs/MONITORING.md "Bulk import"): the secrets file
 * the installer programs the devices from, UTF-8 with a BOM and CRLF, the way Excel reads
 * "CSV UTF-8". (The template is an .xlsx from the server.)
 */
import type { DeviceImportReport, DeviceType } from '@/types/api'

const BOM = '\uFEFF'

/** One CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/**
 * Free text (names, places) that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe. Serials and secrets are never changed: the installer programs them as is.
 */
export function safeText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
}

export function csvText(rows: string[][]): string {
  return BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

export interface SecretsHeaders {
  serial: string
  type: string
  secret: string
  elder: string
  location: string
}

/** The secrets file: one row per imported device, as the server returned it (once). */
export function secretsCsv(report: DeviceImportReport, headers: SecretsHeaders, typeLabel: (t: DeviceType) => string): string {
  const rows: string[][] = [[headers.serial, headers.type, headers.secret, headers.elder, headers.location]]
  for (const d of report.devices) {
    if (!d.secret) continue
    rows.push([d.serial, typeLabel(d.type), d.secret, safeText(d.elder?.name ?? ''), safeText(d.location)])
  }
  return csvText(rows)
}

/** `prefix-20261129-1120.csv` in local time. */
export function stampedName(prefix: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.csv`
}

/** Offers text as a file download. */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
