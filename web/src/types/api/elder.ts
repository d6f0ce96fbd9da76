import type { IdName } from './common'

export type Sex = 'M' | 'F'
export type LivingStatus = 'alone' | 'empty_nest' | 'with_family' | 'institution' | 'other'
export type Category =
  | 'extreme_poverty'
  | 'subsistence'
  | 'lost_only_child'
  | 'disabled'
  | 'low_income'
  | 'left_behind'
  | 'veteran'
  | 'advanced_age'
export type Relation = 'son' | 'daughter' | 'spouse' | 'grandchild' | 'relative' | 'neighbor' | 'other'
export type ElderStatus = 'active' | 'left'
export type LeftReason = 'moved' | 'deceased' | 'other'

export const LIVING_STATUSES: LivingStatus[] = ['alone', 'empty_nest', 'with_family', 'institution', 'other']
export const CATEGORIES: Category[] = [
  'extreme_poverty',
  'subsistence',
  'lost_only_child',
  'disabled',
  'low_income',
  'left_behind',
  'veteran',
  'advanced_age',
]
export const RELATIONS: Relation[] = ['son', 'daughter', 'spouse', 'grandchild', 'relative', 'neighbor', 'other']
export const LEFT_REASONS: LeftReason[] = ['moved', 'deceased', 'other']

export interface ElderSummary {
  id: number
  name: string
  sex: Sex
  /** Null unless the caller holds registry:elder:reveal (the ID mask hides exactly these digits). */
  birth_date: string | null
  birth_year: number
  age: number
  id_number_masked: string
  phone_masked: string | null
  living_status: LivingStatus
  categories: Category[]
  community: IdName
  building: IdName | null
  address: string
  status: ElderStatus
}

export interface ContactView {
  id: number
  name: string
  relation: Relation
  phone_masked: string | null
}

export interface HouseholdMember {
  id: number
  name: string
  sex: 'M' | 'F'
  age: number
}

export interface Elder extends ElderSummary {
  contacts: ContactView[]
  notes: string
  household_code: string
  household_members: HouseholdMember[]
  version: number
  left_reason: LeftReason | null
  left_date: string | null
  left_note: string | null
  created_at: string
  updated_at: string
}

export interface ElderQuery {
  q?: string
  community_id?: number
  org_unit_id?: number
  age_min?: number
  age_max?: number
  living_status?: LivingStatus
  category?: Category
  sex?: Sex
  status?: ElderStatus | 'all'
  sort?: string
  page?: number
  size?: number
}

export interface ContactInput {
  id?: number
  name: string
  relation: Relation
  /** Absent on an existing contact = keep its phone. */
  phone?: string
}

export interface ElderInput {
  name?: string
  id_number?: string
  phone?: string | null
  living_status?: LivingStatus
  categories?: Category[]
  org_unit_id?: number
  address?: string
  notes?: string
  household_code?: string
  contacts?: ContactInput[]
  version?: number
}

export type RevealField = 'id_number' | 'phone' | 'contact_phone'

export interface RevealRequest {
  field: RevealField
  contact_id?: number
}

export interface LeaveRequest {
  reason: LeftReason
  date: string
  note: string
  version: number
}

export interface ImportRowError {
  row: number
  field: string
  code: string
  message: string
}

export interface ImportReport {
  dry_run: boolean
  total_rows: number
  valid_rows: number
  created: number
  updated: number
  errors: ImportRowError[]
}
