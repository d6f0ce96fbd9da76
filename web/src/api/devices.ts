import { buildUrl, http, type Query } from './request'
import type {
  Items,
  Page,
  Device,
  DeviceCreate,
  DeviceImportReport,
  DeviceQuery,
  DeviceWithSecret,
  EscalationPlan,
  EscalationPlanPut,
  ThresholdEntry,
  ThresholdPut,
  TimelinePage,
} from '@/types/api'

const stale = { quietCodes: ['conflict.stale_version'] }

export const listDevices = (q: DeviceQuery) => http.get<Page<Device>>('/devices', q as Query)
export const getDevice = (id: number) => http.get<Device>(`/devices/${id}`)
export const registerDevice = (body: DeviceCreate) => http.post<DeviceWithSecret>('/devices', body)
export const updateDevice = (id: number, body: { location?: string; notes?: string; version: number }) =>
  http.put<Device>(`/devices/${id}`, body, stale)
export const bindDevice = (id: number, elderId: number, version: number) =>
  http.post<Device>(`/devices/${id}/bind`, { elder_id: elderId, version }, stale)
export const unbindDevice = (id: number, version: number) => http.post<Device>(`/devices/${id}/unbind`, { version }, stale)
export const retireDevice = (id: number, version: number, reason: string) =>
  http.post<Device>(`/devices/${id}/retire`, reason ? { version, reason } : { version }, stale)
export const resetDeviceSecret = (id: number, version: number) =>
  http.post<DeviceWithSecret>(`/devices/${id}/reset-secret`, { version }, stale)

export const listElderDevices = (elderId: number) => http.get<Items<Device>>(`/elders/${elderId}/devices`)
export const listElderEvents = (elderId: number, before?: string | null, limit = 30) =>
  http.get<TimelinePage>(`/elders/${elderId}/events`, { before: before || undefined, limit })

export const getThresholds = () => http.get<Items<ThresholdEntry>>('/monitoring/thresholds')
export const putThresholds = (body: ThresholdPut) => http.put<ThresholdEntry>('/monitoring/thresholds', body, stale)
export const getElderThresholds = (elderId: number) => http.get<Items<ThresholdEntry>>(`/elders/${elderId}/thresholds`)
export const putElderThresholds = (elderId: number, body: ThresholdPut) =>
  http.put<ThresholdEntry>(`/elders/${elderId}/thresholds`, body, stale)

export const listEscalationPlans = () => http.get<Items<EscalationPlan>>('/monitoring/escalation-plans')
export const putEscalationPlan = (community: number | 'default', body: EscalationPlanPut) =>
  http.put<EscalationPlan>(`/monitoring/escalation-plans/${community}`, body, stale)
export const deleteEscalationPlan = (community: number, version: number) =>
  http.del<void>(`/monitoring/escalation-plans/${community}?version=${version}`, stale)

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The Content-Type of an import file, from its name: .xlsx, else CSV (UTF-8). */
export const importContentType = (name: string) => (/\.xlsx$/i.test(name) ? XLSX_TYPE : 'text/csv; charset=utf-8')

/** Bulk import of an .xlsx or CSV (UTF-8) file; errors with a report are handled by the dialog. */
export const importDevices = (file: File, dryRun: boolean) =>
  http.request<DeviceImportReport>('/devices/import', {
    method: 'POST',
    query: { dry_run: dryRun, filename: file.name },
    body: file,
    headers: { 'Content-Type': importContentType(file.name) },
    quietCodes: ['import.has_errors', 'device.provision_failed', 'device_import.no_rows'],
  })

/** The Excel template (columns as text, one example row). */
export const deviceImportTemplateUrl = () => buildUrl('/devices/import/template')
