import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { exportElders, listElders } from '@/api/elders'
import type { ElderQuery, ElderSummary } from '@/types/api/elder'
import type { AgeBand, ElderSearch } from './types'
import { todayInShanghai } from '@/utils/date'

export const AGE_BANDS: Exclude<AgeBand, ''>[] = ['60', '70', '80', '90']
export const SORTS = ['-created_at', 'created_at', 'name', '-name', 'age', '-age']

export function ageRange(band: AgeBand): { age_min?: number; age_max?: number } {
  if (!band) return {}
  const min = Number(band)
  return min >= 90 ? { age_min: 90 } : { age_min: min, age_max: min + 9 }
}

export function toQuery(s: ElderSearch): ElderQuery {
  return {
    q: s.q.trim() || undefined,
    community_id: s.community_id || undefined,
    ...ageRange(s.age_band),
    living_status: s.living_status || undefined,
    category: s.category || undefined,
    sex: s.sex || undefined,
    status: s.status,
    sort: s.sort || undefined,
  }
}

const emptySearch = (): ElderSearch => ({
  q: '',
  community_id: undefined,
  age_band: '',
  living_status: '',
  category: '',
  sex: '',
  status: 'active',
  sort: '',
})

// Kept at module level so the list keeps its filters when the user opens a record and comes back.
const search = reactive<ElderSearch>(emptySearch())
const pagination = reactive({ page: 1, size: 20, total: 0 })

/** The elder list page: search, sort, pagination, export. */
export function useElderList() {
  const { t } = useI18n()
  const rows = ref<ElderSummary[]>([])
  const loading = ref(false)
  const exporting = ref(false)

  async function load() {
    loading.value = true
    try {
      const res = await listElders({ ...toQuery(search), page: pagination.page, size: pagination.size })
      rows.value = res.items
      pagination.total = res.total
    } catch {
      rows.value = []
    } finally {
      loading.value = false
    }
  }

  function onSearch() {
    pagination.page = 1
    load()
  }

  function onReset() {
    Object.assign(search, emptySearch())
    onSearch()
  }

  function onSortChange({ prop, order }: { prop: string | null; order: 'ascending' | 'descending' | null }) {
    const key = prop === 'birth_date' ? 'age' : prop
    search.sort = !key || !order ? '' : order === 'ascending' ? key : `-${key}`
    onSearch()
  }

  const tableSort = computed(() => {
    if (!search.sort) return undefined
    const desc = search.sort.startsWith('-')
    return { prop: search.sort.replace(/^-/, ''), order: desc ? 'descending' : 'ascending' } as const
  })

  async function onExport() {
    exporting.value = true
    try {
      const blob = await exportElders(toQuery(search))
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = `${t('elder.listTitle')}_${todayInShanghai().replace(/-/g, '')}.xlsx`
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      ElMessage.success(t('elder.exported'))
    } catch {
      /* the client showed the error */
    } finally {
      exporting.value = false
    }
  }

  return { search, pagination, rows, loading, exporting, load, onSearch, onReset, onSortChange, tableSort, onExport }
}
