import type { Thresholds } from '@/types/api'

/** A full set of thresholds for the unit tests (the street defaults of the demo). */
export const BASE_THRESHOLDS: Thresholds = {
  utc_offset_min: 480,
  heartbeat_interval_s: 300,
  offline_multiple: 3,
  low_battery_percent: 20,
  battery_clear_margin: 5,
  no_motion_hours: 0,
  daytime: { start: '07:00', end: '21:00' },
  night: { start: '20:00', end: '05:00' },
  hr_min: 45,
  hr_max: 120,
  hr_run: 3,
  damping_refires: 2,
  damping_window_s: 3600,
}
