import { http } from './request'
import type { Items, OrgUnit, OrgUnitCreate, OrgUnitUpdate } from '@/types/api'

export const listOrgUnits = () => http.get<Items<OrgUnit>>('/org-units')
export const createOrgUnit = (body: OrgUnitCreate) => http.post<OrgUnit>('/org-units', body)
export const archiveOrgUnit = (id: number, version: number) =>
  http.post<void>(`/org-units/${id}/archive`, { version })
export const updateOrgUnit = (id: number, body: OrgUnitUpdate) =>
  http.put<OrgUnit>(`/org-units/${id}`, body, { quietCodes: ['conflict.stale_version'] })
