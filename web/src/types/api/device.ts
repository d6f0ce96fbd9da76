/** Remote monitoring (远程看护): devices, their events, thresholds and escalation plans. */
import type { IdName } from './common'

export const DEVICE_TYPES = [
  'sos_pendant',
  'fall_detector',
  'door_sensor',
  'motion_sensor',
  'bed_sensor',
  'smoke',
  'gas',
  'water_leak',
  'heart_rate_band',
  'gps_watch',
] as const
export type DeviceType = (typeof DEVICE_TYPES)[number]

export const EVENT_KINDS = [
  'heartbeat',
  'sos',
  'fall',
  'door_open',
  'door_close',
  'motion',
  'bed_in',
  'bed_out',
  'smoke',
  'gas',
  'water',
  'heart_rate',
  'location',
  'battery',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

export type DeviceStatus = 'active' | 'retired'

export interface Device {
  id: number
  serial: string
  type: DeviceType
  status: DeviceStatus
  location: string
  notes: string
  elder: IdName | null
  org_unit: IdName
  community: IdName | null
  battery: number | null
  last_seen_at: string | null
  /** Heard from within `offline_after_s`; null when never heard from. */
  online: boolean | null
  offline_after_s: number
  registered_at: string
  bound_at: string | null
  retired_at: string | null
  version: number
  created_at: string
  updated_at: string
}

/** Registration and a new secret: the only responses that carry the secret. */
export interface DeviceWithSecret extends Device {
  secret: string
}

export interface DeviceQuery {
  type?: DeviceType
  status?: DeviceStatus | 'all'
  bound?: 'true' | 'false'
  elder_id?: number
  community_id?: number
  q?: string
  /** Only devices with an open alert of this kind (the board's health strip links here). */
  alert?: 'offline' | 'low_battery'
  page?: number
  size?: number
}

export interface DeviceCreate {
  serial: string
  type: DeviceType
  location?: string
  elder_id?: number
  notes?: string
}

export interface TimelineEvent {
  id: number
  device: { id: number; serial: string; type: DeviceType; location: string }
  kind: EventKind
  at: string
  received_at: string
  value: number | null
  battery: number | null
  transport: 'mqtt' | 'http'
  alert_id: number | null
  lat: number | null
  lon: number | null
}

export interface TimelinePage {
  items: TimelineEvent[]
  next_before: string | null
}

export interface ClockWindow {
  start: string
  end: string
}

/** Rule thresholds (server: modules/monitoring/threshold_json.hpp). */
export interface Thresholds {
  utc_offset_min: number
  heartbeat_interval_s: number
  offline_multiple: number
  low_battery_percent: number
  battery_clear_margin: number
  no_motion_hours: number
  daytime: ClockWindow
  night: ClockWindow
  hr_min: number
  hr_max: number
  hr_run: number
  damping_refires: number
  damping_window_s: number
}
export type ThresholdKey = keyof Thresholds
export type ThresholdOverrides = Partial<Thresholds>

export interface ThresholdEntry {
  device_type: DeviceType
  defaults: Thresholds
  overrides: ThresholdOverrides
  effective: Thresholds
  /** 0 when nothing is stored. */
  version: number
  updated_at: string | null
  updated_by: { id: number; display_name: string } | null
}

export interface ThresholdPut {
  device_type: DeviceType
  settings: ThresholdOverrides
  version: number
}

export interface EscalationPlan {
  /** null: the sub-district default. */
  community_id: number | null
  community_name: string
  /** Seconds per level 1..4 after the previous level fell due. */
  delays_s: [number, number, number, number]
  station_phone: string
  emergency_phone: string
  version: number
  updated_at: string
  updated_by: { id: number; display_name: string } | null
  editable: boolean
}

export interface EscalationPlanPut {
  delays_s: number[]
  station_phone: string
  emergency_phone: string
  version: number
}

/** POST /devices/import (docs/openapi.yaml DeviceImportReport). */
export interface DeviceImportIssue {
  row: number
  /** serial, type, elder_id_number, location, notes; a header as found; '' for the row */
  column: string
  code: string
  /** localized, e.g. "第12行 序列号：已登记" */
  message: string
}
export interface DeviceImportRow {
  row: number
  serial: string
  type: DeviceType
  location: string
  elder: { id: number; name: string } | null
  id?: number
  /** shown once, after a commit */
  secret?: string
}
export interface DeviceImportReport {
  dry_run: boolean
  total_rows: number
  valid_rows: number
  created: number
  errors: DeviceImportIssue[]
  devices: DeviceImportRow[]
  not_provisioned?: DeviceImportIssue[]
}
