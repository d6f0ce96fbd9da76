import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { listOrgUnits } from '@/api/org'
import type { OrgUnit } from '@/types/api/org'
import { buildOrgTree } from '@/utils/tree'

/** The org tree, loaded once and refreshed after edits. */
export const useOrgStore = defineStore('org', () => {
  const units = ref<OrgUnit[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  async function load(force = false) {
    if (loaded.value && !force) return
    if (pending && !force) return pending
    pending = listOrgUnits()
      .then((res) => {
        units.value = res.items
        loaded.value = true
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  const tree = computed(() => buildOrgTree(units.value))
  const communities = computed(() =>
    units.value.filter((u) => u.kind === 'community' || u.kind === 'village').sort((a, b) => a.sort - b.sort || a.id - b.id),
  )
  const byId = computed(() => new Map(units.value.map((u) => [u.id, u])))

  return { units, loaded, load, tree, communities, byId }
})
