import type { Category, LivingStatus, Relation, Sex } from '@/types/api'

export type AgeBand = '' | '60' | '70' | '80' | '90'

/** The list page's search form. */
export type ElderSearch = {
  q: string
  community_id: number | undefined
  age_band: AgeBand
  living_status: LivingStatus | ''
  category: Category | ''
  sex: Sex | ''
  status: 'active' | 'left' | 'all'
}

/** One contact row in the edit form. */
export interface ContactForm {
  /** Existing contacts keep their id. */
  id?: number
  name: string
  relation: Relation | ''
  phone: string
  /** Masked phone of an existing contact; its phone is kept unless `editPhone`. */
  phone_masked?: string | null
  editPhone: boolean
  /** Stable key for v-for. */
  key: string
}

export interface ElderForm {
  name: string
  id_number: string
  phone: string
  living_status: LivingStatus | ''
  categories: Category[]
  org_unit_id: number | undefined
  address: string
  notes: string
  household_code: string
  contacts: ContactForm[]
}
