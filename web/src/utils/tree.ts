import type { OrgUnit, OrgUnitNode } from '@/types/api'

/** Builds the org tree from the flat list; units whose parent is missing become roots. */
export function buildOrgTree(units: OrgUnit[]): OrgUnitNode[] {
  const nodes = new Map<number, OrgUnitNode>()
  for (const u of units) nodes.set(u.id, { ...u, children: [] })
  const roots: OrgUnitNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parent_id != null ? nodes.get(n.parent_id) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  const sortRec = (list: OrgUnitNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.id - b.id)
    list.forEach((n) => sortRec(n.children))
  }
  sortRec(roots)
  return roots
}

/** Kinds allowed directly under a unit of `kind` (null = top level). */
export function childKinds(kind: OrgUnit['kind'] | null): OrgUnit['kind'][] {
  switch (kind) {
    case null:
      return ['street']
    case 'street':
      return ['community', 'village']
    case 'community':
    case 'village':
      return ['grid', 'building']
    case 'grid':
      return ['building']
    default:
      return []
  }
}
