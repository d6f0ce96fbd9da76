import type { OrgKind } from './common'

export interface OrgUnit {
  id: number
  parent_id: number | null
  name: string
  kind: OrgKind
  code: string
  sort: number
  elder_count: number
  version: number
}

export interface OrgUnitNode extends OrgUnit {
  children: OrgUnitNode[]
}

export interface OrgUnitCreate {
  parent_id: number | null
  name: string
  kind: OrgKind
  code: string
  sort: number
}

export interface OrgUnitUpdate {
  name: string
  code: string
  sort: number
  version: number
}
