import { http, type Query } from './request'
import type { Page, Alert, AlertDetail, AlertQuery, AlertStats, Outcome } from '@/types/api'

export const listAlerts = (q: AlertQuery) => http.get<Page<Alert>>('/alerts', q as Query)
/** One alert with its contacts: in full for responders (the server audits each such read), masked with `phones_masked` for users who may neither handle alerts nor reveal numbers. */
export const getAlert = (id: number) => http.get<AlertDetail>(`/alerts/${id}`)
export const acknowledgeAlert = (id: number, body: { note?: string; version?: number } = {}) =>
  http.post<Alert>(`/alerts/${id}/acknowledge`, body)
export const resolveAlert = (id: number, body: { outcome: Outcome; note?: string; version?: number }) =>
  http.post<Alert>(`/alerts/${id}/resolve`, body, { quietCodes: ['alert.stale', 'alert.already_resolved'] })
export const alertStats = (q: { from?: string; to?: string; community_id?: number }) =>
  http.get<AlertStats>('/alerts/stats', q as Query)

/** The live feed's address on the page's own host (same origin, so the cookie goes along). */
export function liveUrl(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/live`
}
