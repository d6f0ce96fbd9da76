import { http } from './request'

/** GET /api/v1/permissions: the permission catalogue the modules declare, in the reader's language. */
export interface PermissionDef {
  code: string
  name: string
  default_roles: string[]
}
export interface PermissionGroup {
  /** The module's code (registry, system, monitoring, …). */
  module: string
  /** The module's name. */
  name: string
  permissions: PermissionDef[]
}
export interface PermissionCatalogue {
  groups: PermissionGroup[]
}

/** GET /api/v1/audit/labels: names of audit entities and actions, in the reader's language. */
export interface AuditLabels {
  entities: Record<string, string>
  actions: Record<string, string>
}

export const getPermissionCatalogue = () => http.get<PermissionCatalogue>('/permissions')
export const getAuditLabels = () => http.get<AuditLabels>('/audit/labels')
