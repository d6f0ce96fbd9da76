import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getPermissionCatalogue, type PermissionDef, type PermissionGroup } from '@/api/catalogue'

/**
 * The permission catalogue from the server (GET /api/v1/permissions): which permissions exist,
 * their names in the UI language, their module and their order. Loaded once per language.
 */
export const useCatalogueStore = defineStore('catalogue', () => {
  const groups = ref<PermissionGroup[]>([])
  let loadedLang = ''
  let pending: Promise<void> | null = null
  let pendingLang = ''

  /** Loads the catalogue for `lang` unless it is loaded already. */
  function load(lang: string): Promise<void> {
    if (loadedLang === lang) return Promise.resolve()
    if (pending && pendingLang === lang) return pending
    pendingLang = lang
    pending = getPermissionCatalogue()
      .then((res) => {
        if (pendingLang !== lang) return // a newer language was asked for meanwhile
        groups.value = res.groups
        loadedLang = lang
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  const byCode = computed(() => {
    const map = new Map<string, PermissionDef & { group: PermissionGroup; rank: number }>()
    let rank = 0
    for (const g of groups.value) for (const p of g.permissions) map.set(p.code, { ...p, group: g, rank: rank++ })
    return map
  })

  /** Every permission code the server knows, in catalogue order. */
  const codes = computed(() => [...byCode.value.keys()])

  /** The name of a permission; the code itself when the catalogue does not know it. */
  const label = (code: string) => byCode.value.get(code)?.name ?? code

  /**
   * A role's permissions grouped by module in catalogue order; codes the catalogue does not
   * know come last, in a group of their own.
   */
  function grouped(perms: readonly string[]): { module: string; name: string; codes: string[] }[] {
    const out: { module: string; name: string; codes: string[] }[] = []
    const known = perms.filter((p) => byCode.value.has(p)).sort((a, b) => byCode.value.get(a)!.rank - byCode.value.get(b)!.rank)
    for (const p of known) {
      const g = byCode.value.get(p)!.group
      const last = out[out.length - 1]
      if (last && last.module === g.module) last.codes.push(p)
      else out.push({ module: g.module, name: g.name, codes: [p] })
    }
    const unknown = perms.filter((p) => !byCode.value.has(p)).sort()
    if (unknown.length) out.push({ module: '', name: '', codes: unknown })
    return out
  }

  return { groups, codes, load, label, grouped }
})
