import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { routes, layoutChildren } from '@/router/routes'
import { i18n } from '@/locales'
import { homeShortcuts, modules, shortcutsOf, sortModules, type WebModule } from '.'

const router = createRouter({ history: createMemoryHistory(), routes })

function allRecords(records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.flatMap((r) => [r, ...allRecords(r.children ?? [])])
}

describe('web modules', () => {
  it('are collected in a stable order', () => {
    const names = modules.map((m) => m.name)
    for (const m of ['registry', 'monitoring', 'system', 'account']) expect(names).toContain(m)
    const orders = modules.map((m) => m.order)
    expect([...orders].sort((a, b) => a - b)).toEqual(orders)
    const mk = (name: string, order: number): WebModule => ({ name, order, routes: [] })
    expect(sortModules({ a: mk('b', 2), b: mk('c', 1), c: mk('a', 2) }).map((m) => m.name)).toEqual(['c', 'a', 'b'])
    expect(() => sortModules({ a: mk('x', 1), b: mk('x', 2) })).toThrow(/twice/)
    expect(() => sortModules({ 'bad/index.ts': undefined })).toThrow(/bad\/index.ts/)
  })

  it('keep every URL where it was', () => {
    const expected: Record<string, string> = {
      '/login': 'login',
      '/home': 'home',
      '/registry/elders': 'elders',
      '/registry/elders/new': 'elder-new',
      '/registry/import': 'elder-import',
      '/registry/elders/12': 'elder-detail',
      '/registry/elders/12/edit': 'elder-edit',
      '/monitoring/board': 'monitoring-board',
      '/monitoring/history': 'monitoring-history',
      '/monitoring/devices': 'devices',
      '/monitoring/settings': 'monitoring-settings',
      '/system/org': 'org',
      '/system/users': 'users',
      '/system/roles': 'roles',
      '/system/audit': 'audit',
      '/password': 'password',
      '/account': 'account',
      '/403': 'forbidden',
      '/no-such-page': 'not-found',
    }
    for (const [path, name] of Object.entries(expected)) expect(router.resolve(path).name, path).toBe(name)
    const redirects = { '/registry': '/registry/elders', '/monitoring': '/monitoring/board', '/system': '/system/org' }
    for (const [from, to] of Object.entries(redirects)) expect(router.resolve(from).matched.slice(-1)[0]?.redirect, from).toBe(to)
  })

  it('put the menu in module order after home', () => {
    const menu = layoutChildren.filter((r) => !r.meta?.hidden).map((r) => r.name)
    const fromModules = modules.flatMap((m) => m.routes.filter((r) => !r.meta?.hidden).map((r) => r.name))
    expect(menu).toEqual(['home', ...fromModules])
    // Other modules may slot in between; these keep their places relative to each other.
    expect(menu.filter((n) => ['registry', 'monitoring', 'system'].includes(n as string))).toEqual(['registry', 'monitoring', 'system'])
  })

  it('use route names once and titles both languages have', () => {
    const records = allRecords(routes)
    const names = records.map((r) => r.name).filter(Boolean)
    expect(new Set(names).size).toBe(names.length)
    for (const r of records) {
      if (!r.meta?.title) continue
      for (const lang of ['zh-CN', 'en'] as const) expect(i18n.global.te(r.meta.title, lang), `${r.meta.title} (${lang})`).toBe(true)
    }
  })

  it('give home shortcuts that lead to a page needing what the shortcut needs', () => {
    const builtIn = ['/monitoring/board', '/registry/elders', '/registry/elders/new', '/registry/import', '/system/org', '/system/users', '/system/audit']
    expect(homeShortcuts.map((s) => s.to).filter((to) => builtIn.includes(to))).toEqual(builtIn)
    for (const s of homeShortcuts) {
      const target = router.resolve(s.to)
      expect(target.name, s.to).not.toBe('not-found')
      expect(target.meta.permission, s.to).toEqual(s.permission)
      for (const lang of ['zh-CN', 'en'] as const) expect(i18n.global.te(s.label, lang), `${s.label} (${lang})`).toBe(true)
    }
  })

  it('order shortcuts by their own order, else the module order', () => {
    const a: WebModule = { name: 'a', order: 10, routes: [], shortcuts: [{ to: '/a1', icon: 'X', label: 'a1' }, { to: '/a2', icon: 'X', label: 'a2' }] }
    const b: WebModule = { name: 'b', order: 20, routes: [], shortcuts: [{ to: '/b1', icon: 'X', label: 'b1', order: 5 }, { to: '/b2', icon: 'X', label: 'b2' }] }
    expect(shortcutsOf([a, b]).map((s) => s.to)).toEqual(['/b1', '/a1', '/a2', '/b2'])
  })
})
