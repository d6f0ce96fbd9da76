/** Alerts of remote monitoring (远程看护), as docs/MONITORING.md "Alert JSON" defines them. */
import type { HealthFacts } from './health'

export const ALERT_KINDS = [
  'sos',
  'fall',
  'smoke',
  'gas',
  'water',
  'no_motion',
  'door_night',
  'heart_rate',
  'offline',
  'low_battery',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export const SEVERITIES = ['critical', 'warning', 'technical'] as const
export type Severity = (typeof SEVERITIES)[number]

export type AlertState = 'open' | 'acknowledged' | 'resolved'
export const STATE_FILTERS = ['active', 'open', 'acknowledged', 'resolved', 'all'] as const
export type StateFilter = (typeof STATE_FILTERS)[number]

export const OUTCOMES = ['false_alarm', 'safe_on_visit', 'hospital', 'other'] as const
export type Outcome = (typeof OUTCOMES)[number] | 'auto_cleared'

export interface AlertPerson {
  id: number
  display_name: string
}

export interface Alert {
  id: number
  kind: AlertKind
  severity: Severity
  state: AlertState
  count: number
  version: number
  raised_at: string
  created_at: string
  last_at: string
  acknowledged_at: string | null
  acknowledged_by: AlertPerson | null
  resolved_at: string | null
  resolved_by: AlertPerson | null
  outcome: Outcome | null
  note: string
  last_level_sent: number
  next_due_at: string | null
  elder: { id: number; name: string; address: string; community_id: number; community_name: string }
  device: { id: number; serial: string; type: string; location: string }
}

export interface AlertAction {
  id: number
  at: string
  actor: { id: number; name: string } | null
  actor_name: string
  action: string
  level: number | null
  note: string
}

export interface AlertNotification {
  id: number
  level: number
  channel: 'websocket' | 'webhook' | 'downlink'
  target: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  last_error: string
  created_at: string
  sent_at: string | null
  next_attempt_at: string | null
}

export interface AlertContacts {
  elder: { name: string; phone: string | null }
  leaders: { user_id: number; name: string; relation: string; phone: string }[]
  family: { id: number; name: string; relation: string; phone: string }[]
  station: { community_id: number; community_name: string | null; station_phone: string; emergency_phone: string }
}

export interface AlertDetail extends Alert {
  actions: AlertAction[]
  notifications: AlertNotification[]
  contacts: AlertContacts
}

export interface AlertQuery {
  state?: StateFilter
  severity?: Severity
  kind?: AlertKind
  community_id?: number
  elder_id?: number
  from?: string
  to?: string
  page?: number
  size?: number
}

export interface ResponseFigures {
  alerts: number
  acknowledged: number
  resolved: number
  acknowledged_within_60s: number
  ack_median_s: number | null
  ack_p90_s: number | null
  resolve_median_s: number | null
  ack_within_60s_share: number | null
}

export interface CommunityFigures extends ResponseFigures {
  community_id: number
  community_name: string
  critical: ResponseFigures
  warning: ResponseFigures
  technical: ResponseFigures
}

export interface AlertStats {
  from: string
  to: string
  communities: CommunityFigures[]
  total: ResponseFigures
}

/** A message of the live feed (GET /api/v1/live). */
export type LiveOp = 'raised' | 'repeat' | 'acknowledged' | 'resolved' | 'escalated' | 'cleared'
export type LiveMessage = { type: 'hello' } | { type: 'alert'; op: LiveOp; alert: Alert } | ({ type: 'health' } & HealthFacts)
