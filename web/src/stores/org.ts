import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { listOrgUnits } from '@/api/org'
import type { OrgUnit } from '@/types/api'
import { buildOrgTree } from '@/utils/tree'
import { useUserStore } from './user'

/**
 * The org tree, loaded once and refreshed after edits. A user without `system:org:view` (a
 * building leader, a family member, a field worker) gets an empty tree without asking the server,
 * so the pages they share with staff do not meet a 403; `canView` lets a page hide its unit filter.
 */
export const useOrgStore = defineStore('org', () => {
  const units = ref<OrgUnit[]>([])
  const loaded = ref(false)
  const user = useUserStore()
  const canView = computed(() => user.can('system:org:view'))
  let pending: Promise<void> | null = null
  // Whose tree this is: signing in as someone else loads theirs.
  let loadedFor: number | undefined

  async function load(force = false) {
    if (!canView.value) {
      units.value = []
      loaded.value = false
      return
    }
    if (loaded.value && loadedFor !== user.me?.id) force = true
    if (loaded.value && !force) return
    if (pending && !force) return pending
    pending = listOrgUnits()
      .then((res) => {
        units.value = res.items
        loaded.value = true
        loadedFor = user.me?.id
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

  return { units, loaded, canView, load, tree, communities, byId }
})
