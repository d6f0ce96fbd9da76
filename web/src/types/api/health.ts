/** GET /api/v1/monitoring/health (docs/MONITORING.md "Health"). */
export type HealthStatus = 'ok' | 'degraded' | 'down'

export interface HealthProblem {
  code: string
  level: 'down' | 'degraded'
  /** In the request's language (the live feed's push: Chinese). */
  message: string
}

/** The node-wide facts: what the live feed pushes as {"type":"health", …}. */
export interface HealthFacts {
  status: HealthStatus
  problems: HealthProblem[]
  checked_at: string
  monitoring: { running: boolean; started_at: string | null }
  broker: {
    configured: boolean
    connected: boolean
    refused: boolean
    connected_since: string | null
    disconnected_since: string | null
    reconnects: number
    last_error: string
  }
  writer: {
    queue_depth: number
    queue_max: number
    last_commit_at: string | null
    last_commit_ms: number
    batch_failures: number
    failing: boolean
    last_failure_at: string | null
  }
  escalation: { timers_armed: number; overdue: number; oldest_overdue_at: string | null }
  webhook: {
    configured: boolean
    pending: number
    oldest_pending_age_s: number | null
    failed_last_hour: number
    gave_up_last_hour: number
    failing_streak: number
    last_sent_at: string | null
    last_error: string
    last_error_at: string | null
  }
  dead_letters: { last_hour: number; by_reason: Record<string, number>; dropped: number }
}

/** The endpoint's answer: the facts plus the caller's devices (data scope). */
export interface MonitoringHealth extends HealthFacts {
  devices: { active: number; offline: number; low_battery: number }
}
