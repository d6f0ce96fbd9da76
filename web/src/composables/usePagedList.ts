import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'

/**
 * One paged list: filters, page, page size and sort, kept in the URL so that a reload, a shared
 * link or the browser's back button shows the same list; the page size is remembered per list
 * (localStorage). Every list page uses this instead of its own copy.
 *
 *   const list = usePagedList({
 *     key: 'audit',
 *     filters: () => ({ actor: '', action: '' }),
 *     fetch: ({ filters, page, size }) => listAudit({ ...filters, page, size }),
 *   })
 *
 * Filter values are strings or numbers (or undefined for "no filter"). A key is read from the URL
 * as a number when its default is a number or it is listed in `numbers`; values outside
 * `allowed[key]` fall back to the default, so a hand-edited URL cannot send nonsense.
 */
export type FilterValue = string | number | undefined
export type Filters = Record<string, FilterValue>

export interface PageParams<F extends Filters> {
  filters: F
  page: number
  size: number
  /** '' or a column name, '-' in front for descending. */
  sort: string
}

export interface PagedListOptions<F extends Filters, T> {
  /** Names the list: the localStorage key of its page size and its remembered query. */
  key: string
  /** The empty filters (also what "reset" goes back to). */
  filters: () => F
  fetch: (params: PageParams<F>) => Promise<{ items: T[]; total: number }>
  /** Keys whose URL value is a number although their default is undefined. */
  numbers?: (keyof F)[]
  /** The values a key may take; anything else in the URL falls back to the default. */
  allowed?: Partial<Record<keyof F, readonly string[]>>
  /** The allowed sort keys (without '-'); any other sort in the URL is ignored. */
  sorts?: readonly string[]
  defaultSort?: string
  defaultSize?: number
  pageSizes?: number[]
  /** Maps a table column's prop to its sort key (e.g. birth_date → age). */
  sortKey?: (prop: string) => string
  /** Called after each successful fetch. */
  onLoaded?: () => void
}

export const PAGE_SIZES = [10, 20, 50, 100]
const STORAGE_PREFIX = 'eldercare.pageSize.'
/** The last query of each list, so that coming back to it from a detail page keeps the filters. */
const remembered = new Map<string, LocationQuery>()

/** Test hook: forget the remembered queries. */
export function forgetPagedLists() {
  remembered.clear()
}

function storedSize(key: string, sizes: number[]): number | undefined {
  try {
    const n = Number(localStorage.getItem(STORAGE_PREFIX + key))
    return sizes.includes(n) ? n : undefined
  } catch {
    return undefined
  }
}

function storeSize(key: string, size: number) {
  try {
    localStorage.setItem(STORAGE_PREFIX + key, String(size))
  } catch {
    /* private mode: the size is simply not kept */
  }
}

const first = (v: LocationQuery[string] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v
  return s === null || s === undefined ? undefined : s
}

export function usePagedList<F extends Filters, T>(opts: PagedListOptions<F, T>) {
  const route = useRoute()
  const router = useRouter()
  const sizes = opts.pageSizes ?? PAGE_SIZES
  const defaultSize = opts.defaultSize ?? 20
  const defaultSort = opts.defaultSort ?? ''
  const defaults = opts.filters()
  const isNumber = (k: string) => typeof defaults[k] === 'number' || (opts.numbers ?? []).includes(k as keyof F)

  const search = reactive<F>(opts.filters()) as F
  const pagination = reactive({ page: 1, size: storedSize(opts.key, sizes) ?? defaultSize, total: 0 })
  const sort = ref(defaultSort)
  const rows = ref([]) as Ref<T[]>
  const loading = ref(false)
  const routeName = route.name

  /** The URL query for the current state: only what differs from the defaults. */
  function toQuery(): LocationQueryRaw {
    const q: LocationQueryRaw = {}
    for (const k of Object.keys(defaults)) {
      const v = search[k]
      if (v !== undefined && v !== '' && v !== defaults[k]) q[k] = String(v)
      else if ((v === undefined || v === '') && defaults[k] !== undefined && defaults[k] !== '') q[k] = ''
    }
    if (sort.value !== defaultSort) q.sort = sort.value
    if (pagination.page !== 1) q.page = String(pagination.page)
    if (pagination.size !== defaultSize) q.size = String(pagination.size)
    return q
  }

  /** Reads the state from a URL query; what it lacks takes the default. */
  function fromQuery(q: LocationQuery) {
    const next = opts.filters() as Filters
    for (const k of Object.keys(defaults)) {
      const raw = first(q[k])
      if (raw === undefined) continue
      if (raw === '') {
        next[k] = typeof defaults[k] === 'string' ? '' : undefined
        continue
      }
      if (isNumber(k)) {
        const n = Number(raw)
        if (Number.isFinite(n)) next[k] = n
        continue
      }
      const allowed = opts.allowed?.[k as keyof F]
      if (!allowed || allowed.includes(raw)) next[k] = raw
    }
    Object.assign(search, next)
    const s = first(q.sort)
    sort.value = s !== undefined && (!opts.sorts || s === '' || opts.sorts.includes(s.replace(/^-/, ''))) ? s : defaultSort
    const page = Number(first(q.page))
    pagination.page = Number.isInteger(page) && page >= 1 ? page : 1
    const size = Number(first(q.size))
    if (sizes.includes(size)) pagination.size = size
    else if (first(q.size) !== undefined) pagination.size = defaultSize
  }

  const sameQuery = (a: LocationQuery | LocationQueryRaw, b: LocationQuery | LocationQueryRaw) => {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => String(first(a[k] as LocationQuery[string])) === String(first(b[k] as LocationQuery[string])))
  }

  let seq = 0
  /** Fetches the current page and writes the state into the URL. */
  async function load() {
    const q = toQuery()
    remembered.set(opts.key, q as LocationQuery)
    if (route.name === routeName && !sameQuery(route.query, q)) {
      await router.replace({ query: q }).catch(() => {})
    }
    const mine = ++seq
    loading.value = true
    try {
      const res = await opts.fetch({ filters: { ...search } as F, page: pagination.page, size: pagination.size, sort: sort.value })
      if (mine !== seq) return
      rows.value = res.items
      pagination.total = res.total
      opts.onLoaded?.()
    } catch {
      if (mine === seq) rows.value = []
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** New filters: back to page 1. */
  function onSearch() {
    pagination.page = 1
    return load()
  }

  function onReset() {
    Object.assign(search, opts.filters())
    sort.value = defaultSort
    return onSearch()
  }

  /** Another page of the same list. */
  function onPageChange(page: number) {
    pagination.page = page
    return load()
  }

  function onSizeChange(size?: number) {
    if (size !== undefined) pagination.size = size
    storeSize(opts.key, pagination.size)
    return onSearch()
  }

  function onSortChange({ prop, order }: { prop: string | null; order: 'ascending' | 'descending' | null }) {
    const key = prop ? (opts.sortKey ? opts.sortKey(prop) : prop) : ''
    sort.value = !key || !order ? '' : order === 'ascending' ? key : `-${key}`
    return onSearch()
  }

  /** The table's sort indicator for the current sort (`default-sort`). */
  const tableSort = computed(() => {
    if (!sort.value) return undefined
    const desc = sort.value.startsWith('-')
    return { prop: sort.value.replace(/^-/, ''), order: desc ? 'descending' : 'ascending' } as const
  })

  // Start from the URL; a bare URL gets the list's last query back (coming back from a record).
  const initial = Object.keys(route.query).length ? route.query : (remembered.get(opts.key) ?? {})
  fromQuery(initial)

  // The back and forward buttons change the URL under us: follow it.
  watch(
    () => route.query,
    (q) => {
      if (route.name !== routeName || sameQuery(q, toQuery())) return
      fromQuery(q)
      void load()
    },
  )

  return {
    search,
    pagination,
    sort,
    rows,
    loading,
    pageSizes: sizes,
    load,
    onSearch,
    onReset,
    onPageChange,
    onSizeChange,
    onSortChange,
    tableSort,
  }
}


/** What usePagedList returns (the parts that do not depend on the filters' and rows' types). */
export type PagedList = ReturnType<typeof usePagedList<Filters, unknown>>
