/**
 * Permission checks on the client (display only: the server enforces every permission). The list
 * of permissions, their names and modules come from the server: stores/catalogue.ts.
 */
/** A permission need: one code, or a list of which any one is enough. */
export type PermissionNeed = string | string[] | undefined | null

export function hasPermission(granted: readonly string[], need: PermissionNeed): boolean {
  if (!need || (Array.isArray(need) && need.length === 0)) return true
  const list = Array.isArray(need) ? need : [need]
  return list.some((p) => granted.includes(p))
}
