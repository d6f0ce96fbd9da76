import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount, flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { forgetPagedLists, usePagedList, type PageParams } from './usePagedList'

type F = { q: string; status: string; community_id: number | undefined; kind: string }
const empty = (): F => ({ q: '', status: 'active', community_id: undefined, kind: '' })

function setup(path: string, fetch = vi.fn(async (_p: PageParams<F>) => ({ items: [{ id: 1 }], total: 42 }))) {
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/list', name: 'list', component: { render: () => null } },
      { path: '/other', name: 'other', component: { render: () => null } },
    ],
  })
  let list!: ReturnType<typeof usePagedList<F, { id: number }>>
  const Comp = defineComponent({
    setup() {
      list = usePagedList<F, { id: number }>({
        key: 'test',
        filters: empty,
        fetch,
        numbers: ['community_id'],
        allowed: { kind: ['fall', 'sos'] },
        sorts: ['name', 'age'],
        sortKey: (p) => (p === 'birth_date' ? 'age' : p),
      })
      return () => h('div')
    },
  })
  return { router, fetch, mount: async () => {
    await router.push(path)
    await router.isReady()
    const w = mount(Comp, { global: { plugins: [router] } })
    return { w, list }
  } }
}

beforeEach(() => {
  localStorage.clear()
  forgetPagedLists()
})
afterEach(() => vi.restoreAllMocks())

describe('usePagedList', () => {
  it('reads filters, page, size and sort from the URL', async () => {
    const s = setup('/list?q=%E5%BC%A0&community_id=7&page=3&size=50&sort=-age&kind=fall')
    const { list } = await s.mount()
    expect(list.search).toEqual({ q: '张', status: 'active', community_id: 7, kind: 'fall' })
    expect(list.pagination.page).toBe(3)
    expect(list.pagination.size).toBe(50)
    expect(list.sort.value).toBe('-age')
    expect(list.tableSort.value).toEqual({ prop: 'age', order: 'descending' })
    await list.load()
    expect(s.fetch).toHaveBeenLastCalledWith({ filters: { q: '张', status: 'active', community_id: 7, kind: 'fall' }, page: 3, size: 50, sort: '-age' })
    expect(list.rows.value).toEqual([{ id: 1 }])
    expect(list.pagination.total).toBe(42)
  })

  it('ignores values the list does not allow', async () => {
    const { list } = await setup('/list?kind=nonsense&community_id=abc&page=-2&size=33&sort=password').mount()
    expect(list.search.kind).toBe('')
    expect(list.search.community_id).toBeUndefined()
    expect(list.pagination.page).toBe(1)
    expect(list.pagination.size).toBe(20)
    expect(list.sort.value).toBe('')
  })

  it('writes only what differs from the defaults into the URL', async () => {
    const s = setup('/list')
    const { list } = await s.mount()
    await list.load()
    expect(s.router.currentRoute.value.query).toEqual({})
    list.search.q = '李'
    list.search.status = ''
    list.search.community_id = 3
    await list.onSearch()
    expect(s.router.currentRoute.value.query).toEqual({ q: '李', status: '', community_id: '3' })
    list.pagination.page = 2
    await list.load()
    expect(s.router.currentRoute.value.query.page).toBe('2')
  })

  it('a cleared filter whose default is not empty survives a reload', async () => {
    const { list } = await setup('/list?status=').mount()
    expect(list.search.status).toBe('')
  })

  it('search goes back to page 1; reset restores every default', async () => {
    const s = setup('/list?q=x&page=4&sort=name')
    const { list } = await s.mount()
    await list.onSearch()
    expect(list.pagination.page).toBe(1)
    expect(list.sort.value).toBe('name')
    await list.onReset()
    expect(list.search).toEqual(empty())
    expect(list.sort.value).toBe('')
    expect(s.router.currentRoute.value.query).toEqual({})
    expect(s.fetch).toHaveBeenLastCalledWith({ filters: empty(), page: 1, size: 20, sort: '' })
  })

  it('sorting maps the column and its direction', async () => {
    const { list } = await setup('/list').mount()
    await list.onSortChange({ prop: 'birth_date', order: 'ascending' })
    expect(list.sort.value).toBe('age')
    await list.onSortChange({ prop: 'name', order: 'descending' })
    expect(list.sort.value).toBe('-name')
    await list.onSortChange({ prop: 'name', order: null })
    expect(list.sort.value).toBe('')
  })

  it('another page keeps the filters and lands in the URL', async () => {
    const s = setup('/list?q=a')
    const { list } = await s.mount()
    await list.onPageChange(4)
    expect(list.pagination.page).toBe(4)
    expect(s.fetch).toHaveBeenLastCalledWith({ filters: { ...empty(), q: 'a' }, page: 4, size: 20, sort: '' })
    expect(s.router.currentRoute.value.query).toEqual({ q: 'a', page: '4' })
  })

  it('keeps the page size per list across visits', async () => {
    const a = await setup('/list').mount()
    await a.list.onSizeChange(50)
    expect(localStorage.getItem('eldercare.pageSize.test')).toBe('50')
    a.w.unmount()
    forgetPagedLists()
    const b = await setup('/list').mount()
    expect(b.list.pagination.size).toBe(50)
  })

  it('a bare URL gets the list\'s last query back', async () => {
    const a = setup('/list')
    const first = await a.mount()
    first.list.search.q = '王'
    await first.list.onSearch()
    first.w.unmount()
    const b = await setup('/list').mount()
    expect(b.list.search.q).toBe('王')
  })

  it('follows the URL when a link changes it under the page', async () => {
    const s = setup('/list')
    const { list } = await s.mount()
    await list.load()
    list.search.q = 'b'
    await list.onSearch()
    await s.router.push('/list?q=a&kind=sos')
    await flushPromises()
    expect(list.search.q).toBe('a')
    expect(list.search.kind).toBe('sos')
    expect(s.fetch).toHaveBeenLastCalledWith(expect.objectContaining({ filters: expect.objectContaining({ q: 'a', kind: 'sos' }) }))
  })

  it('does not react to leaving for another page', async () => {
    const s = setup('/list?q=x')
    const { list } = await s.mount()
    await list.load()
    const calls = s.fetch.mock.calls.length
    await s.router.push('/other?q=y')
    await flushPromises()
    expect(list.search.q).toBe('x')
    expect(s.fetch.mock.calls.length).toBe(calls)
  })

  it('a slow answer to an older query does not overwrite a newer one', async () => {
    const resolvers: ((v: { items: { id: number }[]; total: number }) => void)[] = []
    const fetch = vi.fn(() => new Promise<{ items: { id: number }[]; total: number }>((r) => resolvers.push(r)))
    const { list } = await setup('/list', fetch).mount()
    const p1 = list.load()
    await flushPromises()
    const p2 = list.load()
    await flushPromises()
    resolvers[1]({ items: [{ id: 2 }], total: 1 })
    await p2
    resolvers[0]({ items: [{ id: 1 }], total: 9 })
    await p1
    expect(list.rows.value).toEqual([{ id: 2 }])
    expect(list.pagination.total).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('a failed fetch empties the list', async () => {
    const fetch = vi.fn(async () => {
      throw new Error('403')
    })
    const { list } = await setup('/list', fetch).mount()
    await list.load()
    expect(list.rows.value).toEqual([])
    expect(list.loading.value).toBe(false)
  })
})
