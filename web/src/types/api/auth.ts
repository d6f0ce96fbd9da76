import type { OrgKind } from './common'

export type DataScope = 'all' | 'unit_tree' | 'self'

export interface Me {
  id: number
  username: string
  display_name: string
  role: { code: string; name: string }
  org_unit: { id: number; name: string; kind: OrgKind }
  permissions: string[]
  data_scope: DataScope
  csrf_token: string
  must_change_password: boolean
}

export interface LoginRequest {
  username: string
  password: string
}

export interface LoginResponse {
  user: Me
  csrf_token: string
}

export interface ChangePasswordRequest {
  old_password: string
  new_password: string
}
