import { describe, expect, it } from 'vitest'
import { ago, batteryLevel, diffOverrides, dueOffsets, eventValue, isValidSerial, relevantKeys, settingsField, splitSeconds, cloneThresholds } from './utils'
import { DEVICE_TYPES } from '@/types/api'
import { DEVICE_ICONS } from './utils'
import { BASE_THRESHOLDS } from './thresholds.fixture'

const base = BASE_THRESHOLDS

describe('serial rule', () => {
  it('matches the server', () => {
    expect(isValidSerial('TZ-SOS-000123')).toBe(true)
    expect(isValidSerial('abcd')).toBe(true)
    expect(isValidSerial('abc')).toBe(false)
    expect(isValidSerial('x'.repeat(41))).toBe(false)
    expect(isValidSerial('TZ SOS')).toBe(false)
    expect(isValidSerial('TZ_SOS_1')).toBe(false)
    expect(isValidSerial('设备0001')).toBe(false)
  })
})

describe('ago', () => {
  const now = Date.parse('2026-11-29T08:00:00Z')
  it('picks the largest whole unit', () => {
    expect(ago('2026-11-29T15:59:55+08:00', now)).toEqual({ unit: 'justNow', n: 0 })
    expect(ago('2026-11-29T15:59:30+08:00', now)).toEqual({ unit: 'seconds', n: 30 })
    expect(ago('2026-11-29T15:57:00+08:00', now)).toEqual({ unit: 'minutes', n: 3 })
    expect(ago('2026-11-29T13:00:00+08:00', now)).toEqual({ unit: 'hours', n: 3 })
    expect(ago('2026-11-27T16:00:00+08:00', now)).toEqual({ unit: 'days', n: 2 })
  })
  it('handles missing, bad and future times', () => {
    expect(ago(null, now)).toBeNull()
    expect(ago('nonsense', now)).toBeNull()
    expect(ago('2026-11-29T17:00:00+08:00', now)).toEqual({ unit: 'justNow', n: 0 })
  })
})

describe('display helpers', () => {
  it('battery levels', () => {
    expect(batteryLevel(null)).toBe('unknown')
    expect(batteryLevel(20)).toBe('low')
    expect(batteryLevel(21)).toBe('mid')
    expect(batteryLevel(51)).toBe('ok')
  })
  it('event values', () => {
    expect(eventValue({ kind: 'heart_rate', value: 86, lat: null, lon: null })).toBe('86 bpm')
    expect(eventValue({ kind: 'battery', value: 35, lat: null, lon: null })).toBe('35 %')
    expect(eventValue({ kind: 'location', value: null, lat: 36.812345, lon: 117.83 })).toBe('36.81235, 117.83000')
    expect(eventValue({ kind: 'motion', value: null, lat: null, lon: null })).toBe('')
  })
  it('seconds and due offsets', () => {
    expect(splitSeconds(90)).toEqual({ m: 1, s: 30 })
    expect(splitSeconds(-5)).toEqual({ m: 0, s: 0 })
    expect(dueOffsets([0, 60, 120, 300])).toEqual([0, 60, 180, 480])
  })
  it('every device type has an icon', () => {
    for (const t of DEVICE_TYPES) expect(DEVICE_ICONS[t]).toBeTruthy()
  })
})

describe('threshold overrides', () => {
  it('keeps only what differs from the base', () => {
    const edited = cloneThresholds(base)
    expect(diffOverrides(edited, base)).toEqual({})
    edited.hr_max = 130
    edited.night.end = '06:00'
    expect(diffOverrides(edited, base)).toEqual({ hr_max: 130, night: { start: '20:00', end: '06:00' } })
    // The clone is deep: the base is untouched.
    expect(base.night.end).toBe('05:00')
  })
  it('maps server fields to form keys', () => {
    expect(settingsField('settings.night.start')).toBe('night.start')
    expect(settingsField('settings.hr_max')).toBe('hr_max')
  })
  it('shows the rules that matter per type', () => {
    expect(relevantKeys('heart_rate_band')).toContain('hr_max')
    expect(relevantKeys('sos_pendant')).not.toContain('hr_max')
    expect(relevantKeys('door_sensor')).toContain('night')
    for (const t of DEVICE_TYPES) expect(relevantKeys(t)).toContain('heartbeat_interval_s')
  })
})
