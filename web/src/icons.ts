/**
 * The Element Plus icons the app names by string: `icon="Search"` on buttons and inputs, the
 * menu's `meta.icon`, the home page's shortcuts, device-type icons, `<Phone />` in templates.
 * Only those listed in ./icon-set.ts are registered globally (not all ~290); icons.test.ts fails
 * when the source names an icon that is missing there, or when one there is no longer named.
 */
import type { App, Component } from 'vue'
import * as iconSet from './icon-set'

export const icons: Record<string, Component> = { ...iconSet }

export function registerIcons(app: App) {
  for (const [name, comp] of Object.entries(icons)) app.component(name, comp)
}
