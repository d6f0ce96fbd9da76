import { buildUrl, http, type Query } from './request'
import type {
  Page,
  Elder,
  ElderCreate,
  ElderUpdate,
  ElderQuery,
  ElderSummary,
  ImportReport,
  LeaveRequest,
  RevealRequest,
} from '@/types/api'

export const listElders = (q: ElderQuery) => http.get<Page<ElderSummary>>('/elders', q as Query)
export const getElder = (id: number | string) => http.get<Elder>(`/elders/${id}`)
export const createElder = (body: ElderCreate) => http.post<Elder>('/elders', body)
export const updateElder = (id: number | string, body: ElderUpdate) =>
  http.put<Elder>(`/elders/${id}`, body, { quietCodes: ['conflict.stale_version'] })
export const leaveElder = (id: number | string, body: LeaveRequest) =>
  http.post<Elder>(`/elders/${id}/leave`, body, { quietCodes: ['conflict.stale_version'] })
export const revealElder = (id: number | string, body: RevealRequest) =>
  http.post<{ value: string }>(`/elders/${id}/reveal`, body)

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function importContentType(filename: string): string {
  return /\.xlsx$/i.test(filename) ? XLSX_TYPE : 'text/csv'
}

/** Upload the raw file bytes; on 422 import.has_errors the report sits in the error body. */
export const importElders = (file: Blob, filename: string, dryRun: boolean) =>
  http.request<ImportReport>('/elders/import', {
    method: 'POST',
    query: { dry_run: dryRun, filename },
    body: file,
    headers: { 'Content-Type': importContentType(filename) },
    quietCodes: ['import.has_errors'],
  })

export const importTemplateUrl = () => buildUrl('/elders/import/template')

export const exportElders = (q: ElderQuery) =>
  http.request<Blob>('/elders/export', { query: q as Query, responseType: 'blob' })
