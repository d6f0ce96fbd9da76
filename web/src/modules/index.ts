/**
 * Every web module, collected from `src/modules/<m>/index.ts` (each default-exports a
 * `WebModule`, see ./types.ts), in a stable order: by `order`, then by name.
 */
import type { RouteRecordRaw } from 'vue-router'
import type { HomeShortcut, WebModule } from './types'

export type { HomeShortcut, WebModule } from './types'
export { defineModule, menuGroup, page } from './types'

const files = import.meta.glob<WebModule>('@/modules/*/index.ts', { eager: true, import: 'default' })

/** Sort modules by order, then name; fail loudly on a file without a module or a repeated name. */
export function sortModules(list: Record<string, WebModule | undefined>): WebModule[] {
  const out: WebModule[] = []
  for (const [path, m] of Object.entries(list)) {
    if (!m || typeof m.order !== 'number' || !Array.isArray(m.routes)) throw new Error(`${path} must default-export a module (defineModule)`)
    out.push(m)
  }
  out.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
  const seen = new Set<string>()
  for (const m of out) {
    if (seen.has(m.name)) throw new Error(`web module name "${m.name}" is used twice`)
    seen.add(m.name)
  }
  return out
}

/** Route records of all modules, in module order. */
export function routesOf(list: readonly WebModule[]): RouteRecordRaw[] {
  return list.flatMap((m) => m.routes)
}

/** Home shortcuts of all modules, by their `order` (default: the module's), then module order. */
export function shortcutsOf(list: readonly WebModule[]): HomeShortcut[] {
  return list
    .flatMap((m, mi) => (m.shortcuts ?? []).map((s, si) => ({ s: { ...s, order: s.order ?? m.order }, mi, si })))
    .sort((a, b) => a.s.order - b.s.order || a.mi - b.mi || a.si - b.si)
    .map((x) => x.s)
}

export const modules: WebModule[] = sortModules(files)
export const moduleRoutes: RouteRecordRaw[] = routesOf(modules)
export const homeShortcuts: HomeShortcut[] = shortcutsOf(modules)
