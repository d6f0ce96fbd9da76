import type { DataScope } from './auth'

export interface UserRow {
  id: number
  username: string
  display_name: string
  role: { code: string; name: string }
  org_unit: { id: number; name: string }
  active: boolean
  locked_until: string | null
  last_login_at: string | null
  /** Masked (138****5678); null when none. */
  phone_masked: string | null
  /** When the user last set or confirmed the number themselves (/me/phone); null when never. */
  phone_confirmed_at: string | null
}

export interface UserCreate {
  username: string
  display_name: string
  role: string
  org_unit_id: number
  password: string
  phone?: string
}

/** Every field optional: absent = unchanged. `unlock: true` clears a sign-in lock. */
export interface UserUpdate {
  display_name?: string
  role?: string
  org_unit_id?: number
  active?: boolean
  unlock?: boolean
  /** Absent: unchanged; null or "": removed. */
  phone?: string | null
}

export interface Role {
  code: string
  name: string
  data_scope: DataScope
  permissions: string[]
}

export interface AuditEntry {
  id: number
  at: string
  actor: { id: number; username: string; display_name: string } | null
  ip: string
  action: string
  entity: string
  entity_id: string | number | null
  /** In the request's language (summary_zh, or summary_en when the entry has no Chinese text). */
  summary: string
  summary_en: string
  /** null for entries written before Chinese summaries were stored. */
  summary_zh: string | null
  changes: Record<string, [unknown, unknown]> | null
}

export interface AuditQuery {
  actor?: string
  action?: string
  entity?: string
  entity_id?: string
  from?: string
  to?: string
  page?: number
  size?: number
}
