import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/request'
import type { DeviceType, Items, ThresholdEntry, ThresholdPut, Thresholds } from '@/types/api'
import { formErrors } from '@/utils/form-errors'
import { cloneThresholds, diffOverrides, settingsField } from './utils'

/**
 * Editing thresholds one device type at a time, for the street (settings page) or one elder
 * (elder page): `fetch` loads the entries, `put` saves one. `pick` shows a type's effective values;
 * `save` sends what differs from the defaults (nothing with `reset`), and on a stale version says
 * so and calls `onStale` (`load` unless given).
 */
export function useThresholdEditor(api: {
  fetch: () => Promise<Items<ThresholdEntry>>
  put: (body: ThresholdPut) => Promise<ThresholdEntry>
  onStale?: () => Promise<void>
}) {
  const { t } = useI18n()
  const entries = ref<ThresholdEntry[]>([])
  const type = ref<DeviceType>('sos_pendant')
  const values = ref<Thresholds | null>(null)
  const errors = ref<Record<string, string>>({})
  const saving = ref(false)
  const entry = computed(() => entries.value.find((e) => e.device_type === type.value) || null)

  function pick(tp: DeviceType) {
    type.value = tp
    errors.value = {}
    const e = entries.value.find((x) => x.device_type === tp)
    values.value = e ? cloneThresholds(e.effective) : null
  }

  async function load() {
    entries.value = (await api.fetch()).items
    pick(type.value)
  }

  async function save(reset = false) {
    const e = entry.value
    if (!e || !values.value) return
    errors.value = {}
    saving.value = true
    try {
      const settings = reset ? {} : diffOverrides(values.value, e.defaults)
      const fresh = await api.put({ device_type: e.device_type, settings, version: e.version })
      entries.value = entries.value.map((x) => (x.device_type === fresh.device_type ? fresh : x))
      pick(fresh.device_type)
      ElMessage.success(t('monitoringSettings.saved'))
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict.stale_version') {
        ElMessage.warning(t('monitoringSettings.stale'))
        await (api.onStale ?? load)()
      } else if (err instanceof ApiError && err.hasFieldErrors) {
        const raw = formErrors(err, ['settings', 'device_type'])
        errors.value = Object.fromEntries(Object.entries(raw).map(([k, v]) => [settingsField(k), v]))
      }
    } finally {
      saving.value = false
    }
  }

  return { entries, type, values, errors, saving, entry, pick, load, save }
}
