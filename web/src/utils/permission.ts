/** A permission need: one code, or a list of which any one is enough. */
export type PermissionNeed = string | string[] | undefined | null

export function hasPermission(granted: readonly string[], need: PermissionNeed): boolean {
  if (!need || (Array.isArray(need) && need.length === 0)) return true
  const list = Array.isArray(need) ? need : [need]
  return list.some((p) => granted.includes(p))
}
