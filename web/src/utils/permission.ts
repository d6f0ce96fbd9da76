/** Every permission code the server knows, in the order the UI lists them. */
export const ALL_PERMISSIONS = [
  'registry:elder:view',
  'registry:elder:create',
  'registry:elder:edit',
  'registry:elder:leave',
  'registry:elder:reveal',
  'registry:elder:import',
  'registry:elder:export',
  'system:org:view',
  'system:org:edit',
  'system:user:view',
  'system:user:edit',
  'system:audit:view',
]

/** A permission need: one code, or a list of which any one is enough. */
export type PermissionNeed = string | string[] | undefined | null

export function hasPermission(granted: readonly string[], need: PermissionNeed): boolean {
  if (!need || (Array.isArray(need) && need.length === 0)) return true
  const list = Array.isArray(need) ? need : [need]
  return list.some((p) => granted.includes(p))
}
