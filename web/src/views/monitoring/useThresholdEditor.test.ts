import { describe, expect, it, vi } from 'vitest'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/request'
import type { ErrorEnvelope, ThresholdEntry, ThresholdPut, Thresholds } from '@/types/api'
import { useThresholdEditor } from './useThresholdEditor'
import { BASE_THRESHOLDS } from './thresholds.fixture'

vi.mock('element-plus', () => ({ ElMessage: { success: vi.fn(), warning: vi.fn(), error: vi.fn() } }))
vi.mock('vue-i18n', () => ({ useI18n: () => ({ t: (k: string) => k }) }))

const base = BASE_THRESHOLDS
const entry = (device_type: ThresholdEntry['device_type'], effective: Partial<Thresholds> = {}, version = 0): ThresholdEntry => ({
  device_type,
  defaults: base,
  overrides: {},
  effective: { ...base, ...effective },
  version,
  updated_at: null,
  updated_by: null,
})
const apiError = (status: number, code: string, field?: string) =>
  new ApiError(status, { error: { code, message: `${code} message`, field, details: [] } } as ErrorEnvelope)

describe('useThresholdEditor', () => {
  it('loads, picks a type and edits a copy of its effective values', async () => {
    const pendant = entry('sos_pendant')
    const ed = useThresholdEditor({ fetch: async () => ({ items: [pendant, entry('heart_rate_band', { hr_max: 130 })] }), put: vi.fn() })
    await ed.load()
    expect(ed.entry.value?.device_type).toBe('sos_pendant')
    ed.values.value!.hr_max = 99
    expect(pendant.effective.hr_max).toBe(120)
    ed.errors.value = { hr_max: 'old' }
    ed.pick('heart_rate_band')
    expect(ed.values.value?.hr_max).toBe(130)
    expect(ed.errors.value).toEqual({})
  })

  it('sends what differs from the defaults, or nothing on reset, and keeps the answer', async () => {
    const put = vi.fn(async (b: ThresholdPut) => entry(b.device_type, b.settings as Partial<Thresholds>, 1))
    const ed = useThresholdEditor({ fetch: async () => ({ items: [entry('sos_pendant')] }), put })
    await ed.load()
    ed.values.value!.hr_max = 130
    await ed.save()
    expect(put).toHaveBeenLastCalledWith({ device_type: 'sos_pendant', settings: { hr_max: 130 }, version: 0 })
    expect(ed.entry.value?.version).toBe(1)
    expect(ed.saving.value).toBe(false)
    expect(ElMessage.success).toHaveBeenCalledWith('monitoringSettings.saved')
    await ed.save(true)
    expect(put).toHaveBeenLastCalledWith({ device_type: 'sos_pendant', settings: {}, version: 1 })
  })

  it('on a stale version says so and reloads; field errors land on the form keys', async () => {
    const fetch = vi.fn(async () => ({ items: [entry('sos_pendant')] }))
    const put = vi.fn<(b: ThresholdPut) => Promise<ThresholdEntry>>()
    const ed = useThresholdEditor({ fetch, put })
    await ed.load()
    put.mockRejectedValueOnce(apiError(409, 'conflict.stale_version'))
    await ed.save()
    expect(ElMessage.warning).toHaveBeenCalledWith('monitoringSettings.stale')
    expect(fetch).toHaveBeenCalledTimes(2)
    put.mockRejectedValueOnce(apiError(422, 'validation.range', 'settings.hr_max'))
    await ed.save()
    expect(ed.errors.value).toEqual({ hr_max: 'validation.range message' })
    expect(ed.saving.value).toBe(false)
  })

  it('calls onStale instead of its own load when given', async () => {
    const onStale = vi.fn(async () => {})
    const fetch = vi.fn(async () => ({ items: [entry('sos_pendant')] }))
    const ed = useThresholdEditor({ fetch, put: async () => Promise.reject(apiError(409, 'conflict.stale_version')), onStale })
    await ed.load()
    await ed.save()
    expect(onStale).toHaveBeenCalledOnce()
    expect(fetch).toHaveBeenCalledOnce()
  })
})
