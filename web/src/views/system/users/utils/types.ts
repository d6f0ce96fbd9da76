import type { RoleCode } from '@/types/api'

export interface UserForm {
  username: string
  display_name: string
  role: RoleCode | ''
  org_unit_id: number | undefined
  password: string
  active: boolean
  phone: string
  clearPhone: boolean
}
