import type { Component } from 'vue'
import type { RouteMeta, RouteRecordRaw, RouteRecordSingleView } from 'vue-router'
import type { PermissionNeed } from '@/utils/permission'

/** A tile in the home page's 快捷入口 (shortcuts). */
export interface HomeShortcut {
  /** Where it goes (a URL this or another module registers). */
  to: string
  /** Element Plus icon: a globally registered name, or the component itself. */
  icon: string | Component
  /** Locale key of its label. */
  label: string
  /** Who sees it (any one of the codes). */
  permission?: PermissionNeed
  /** Position among all modules' shortcuts, smaller first; defaults to the module's `order`. */
  order?: number
}

/**
 * What one web module brings, declared in `src/modules/<m>/index.ts` as its default export.
 * The router, the side menu and the home page collect every module through
 * `import.meta.glob` (src/modules/index.ts), so adding a module edits no shared file.
 * Its strings go in `src/locales/modules/<topic>.zh-CN.ts` / `.en.ts` (also collected by glob).
 */
export interface WebModule {
  /** Unique name, e.g. 'registry'. */
  name: string
  /** Position in the side menu and (by default) among home shortcuts, smaller first. */
  order: number
  /**
   * Route records under the signed-in layout (`/`), with `meta` as described in
   * src/router/routes.ts: title, permission, icon, hidden, activeMenu. Top-level records that
   * are not hidden become side-menu entries, in module order.
   */
  routes: RouteRecordRaw[]
  /** Tiles on the home page. */
  shortcuts?: HomeShortcut[]
}

/** Identity helper that type-checks a module declaration. */
export function defineModule(m: WebModule): WebModule {
  return m
}

/** Menu icon and the other optional `meta` of a page (src/router/routes.ts). */
export type PageMeta = Omit<RouteMeta, 'title' | 'permission'>

/**
 * One page of a module: its URL segment, route name, view, title (locale key), the permission(s)
 * it needs and the rest of its meta (icon, hidden, activeMenu):
 *
 *   page('devices', 'devices', () => import('./views/Devices.vue'), 'devices.menu', 'monitoring:device:view', { icon: 'Cpu' })
 */
export function page(
  path: string,
  name: string,
  component: RouteRecordSingleView['component'],
  title: string,
  permission?: string | string[],
  meta: PageMeta = {},
): RouteRecordRaw {
  return { path, name, component, meta: { title, ...(permission ? { permission } : {}), ...meta } }
}

/**
 * A side-menu group: a parent route whose URL opens its first page. `meta.permission` usually
 * lists every permission of its pages (any one shows the group).
 */
export function menuGroup(path: string, meta: RouteMeta, children: RouteRecordRaw[]): RouteRecordRaw {
  return { path, name: path, redirect: `/${path}/${children[0].path}`, meta, children }
}
