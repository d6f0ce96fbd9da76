import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { exportElders, listElders } from '@/api/elders'
import { CATEGORIES, LIVING_STATUSES, type ElderQuery, type ElderSummary } from '@/types/api'
import type { AgeBand, ElderSearch } from './types'
import { todayInShanghai } from '@/utils/date'
import { usePagedList } from '@/composables/usePagedList'

export const AGE_BANDS: Exclude<AgeBand, ''>[] = ['60', '70', '80', '90']
export const SORTS = ['-created_at', 'created_at', 'name', '-name', 'age', '-age']

export function ageRange(band: AgeBand): { age_min?: number; age_max?: number } {
  if (!band) return {}
  const min = Number(band)
  return min >= 90 ? { age_min: 90 } : { age_min: min, age_max: min + 9 }
}

export function toQuery(s: ElderSearch, sort = ''): ElderQuery {
  return {
    q: s.q.trim() || undefined,
    community_id: s.community_id || undefined,
    ...ageRange(s.age_band),
    living_status: s.living_status || undefined,
    category: s.category || undefined,
    sex: s.sex || undefined,
    status: s.status,
    sort: (sort || undefined) as ElderQuery['sort'],
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
})

/** The elder list page: search, sort, pagination, export. */
export function useElderList() {
  const { t } = useI18n()
  const exporting = ref(false)
  const list = usePagedList<ElderSearch, ElderSummary>({
    key: 'elders',
    filters: emptySearch,
    numbers: ['community_id'],
    allowed: {
      age_band: AGE_BANDS,
      living_status: LIVING_STATUSES,
      category: CATEGORIES,
      sex: ['M', 'F'],
      status: ['active', 'left', 'all'],
    },
    sorts: ['created_at', 'name', 'age'],
    sortKey: (prop) => (prop === 'birth_date' ? 'age' : prop),
    fetch: ({ filters, sort, page, size }) => listElders({ ...toQuery(filters, sort), page, size }),
  })
  const { search, sort } = list

  async function onExport() {
    exporting.value = true
    try {
      const blob = await exportElders(toQuery(search, sort.value))
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

  return { ...list, exporting, onExport }
}
