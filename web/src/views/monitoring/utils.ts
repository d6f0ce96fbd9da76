/** Pure helpers of the monitoring pages (devices, elder timeline, settings). */
import type { DeviceType, EventKind, ThresholdKey, ThresholdOverrides, Thresholds, TimelineEvent } from '@/types/api'

/** Element Plus icon per device type (registered globally in main.ts). */
export const DEVICE_ICONS: Record<DeviceType, string> = {
  sos_pendant: 'BellFilled',
  fall_detector: 'WarnTriangleFilled',
  door_sensor: 'House',
  motion_sensor: 'View',
  bed_sensor: 'MoonNight',
  smoke: 'Smoking',
  gas: 'HotWater',
  water_leak: 'Umbrella',
  heart_rate_band: 'FirstAidKit',
  gps_watch: 'Watch',
}

/** Critical events, shown red on the timeline. */
export const CRITICAL_EVENTS: EventKind[] = ['sos', 'fall', 'smoke', 'gas', 'water']

/** Where devices usually go; the input also takes anything else. */
export const LOCATIONS = ['卧室', '卫生间', '客厅', '门口', '厨房', '随身']

/** The server's serial rule (docs/MONITORING.md): 4–40 of A-Z a-z 0-9 and '-'. */
export function isValidSerial(s: string): boolean {
  return /^[A-Za-z0-9-]{4,40}$/.test(s)
}

export type AgoUnit = 'justNow' | 'seconds' | 'minutes' | 'hours' | 'days'

/** How long ago `iso` was at `now`, in the largest whole unit ("3分钟前"). */
export function ago(iso: string | null | undefined, now: number): { unit: AgoUnit; n: number } | null {
  if (!iso) return null
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return null
  const s = Math.max(0, Math.floor((now - t) / 1000))
  if (s < 10) return { unit: 'justNow', n: 0 }
  if (s < 60) return { unit: 'seconds', n: s }
  if (s < 3600) return { unit: 'minutes', n: Math.floor(s / 60) }
  if (s < 86400) return { unit: 'hours', n: Math.floor(s / 3600) }
  return { unit: 'days', n: Math.floor(s / 86400) }
}

/** The battery's colour class: low at or below 20 %. */
export function batteryLevel(b: number | null | undefined): 'unknown' | 'low' | 'mid' | 'ok' {
  if (b === null || b === undefined) return 'unknown'
  if (b <= 20) return 'low'
  if (b <= 50) return 'mid'
  return 'ok'
}

/** The event's value as people read it: "86 次/分", "35 %", "36.81, 117.83". */
export function eventValue(e: Pick<TimelineEvent, 'kind' | 'value' | 'lat' | 'lon'>): string {
  if (e.kind === 'heart_rate' && e.value !== null) return `${e.value} bpm`
  if (e.kind === 'battery' && e.value !== null) return `${e.value} %`
  if (e.kind === 'location' && e.lat !== null && e.lon !== null) return `${e.lat.toFixed(5)}, ${e.lon.toFixed(5)}`
  return ''
}

/** Seconds as "5 分钟" / "1 分 30 秒" / "45 秒" parts for hints. */
export function splitSeconds(s: number): { m: number; s: number } {
  const n = Math.max(0, Math.floor(s))
  return { m: Math.floor(n / 60), s: n % 60 }
}

/** When each level falls due after the raise: the running sum of the delays. */
export function dueOffsets(delays: number[]): number[] {
  let sum = 0
  return delays.map((d) => (sum += Math.max(0, d || 0)))
}

export const THRESHOLD_KEYS: ThresholdKey[] = [
  'heartbeat_interval_s',
  'offline_multiple',
  'low_battery_percent',
  'battery_clear_margin',
  'no_motion_hours',
  'daytime',
  'night',
  'hr_min',
  'hr_max',
  'hr_run',
  'damping_refires',
  'damping_window_s',
  'utc_offset_min',
]

function sameValue(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b)
  return a === b
}

/**
 * What to store: the fields of the edited values that differ from the base the overrides apply
 * to (the built-in defaults for a type, the type's values for an elder). Equal fields are left
 * out, so a later change of the base reaches them.
 */
export function diffOverrides(edited: Thresholds, base: Thresholds): ThresholdOverrides {
  const out: Record<string, unknown> = {}
  for (const k of THRESHOLD_KEYS) {
    if (!sameValue(edited[k], base[k])) out[k] = edited[k] && typeof edited[k] === 'object' ? { ...(edited[k] as object) } : edited[k]
  }
  return out as ThresholdOverrides
}

/** A deep copy, so a form can edit values without touching the loaded entry. */
export function cloneThresholds(t: Thresholds): Thresholds {
  return { ...t, daytime: { ...t.daytime }, night: { ...t.night } }
}

/** The thresholds each device type's rules use (the others do not matter for that type). */
export function relevantKeys(type: DeviceType): ThresholdKey[] {
  const common: ThresholdKey[] = ['heartbeat_interval_s', 'offline_multiple', 'low_battery_percent', 'battery_clear_margin']
  const extra: Partial<Record<DeviceType, ThresholdKey[]>> = {
    motion_sensor: ['no_motion_hours', 'daytime'],
    door_sensor: ['night', 'no_motion_hours', 'daytime'],
    bed_sensor: ['no_motion_hours', 'daytime'],
    heart_rate_band: ['hr_min', 'hr_max', 'hr_run'],
    gps_watch: ['hr_min', 'hr_max', 'hr_run'],
  }
  return [...common, ...(extra[type] || []), 'damping_refires', 'damping_window_s']
}

/** Server field "settings.night.start" (after normalizeFieldPath) → the form key "night.start". */
export function settingsField(path: string): string {
  return path.replace(/^settings\./, '')
}
