/**
 * The board's health strip (docs/MONITORING.md "Health"): merging the live feed's
 * {"type":"health"} pushes into the last GET /api/v1/monitoring/health answer, and the words
 * for each problem from the UI's own messages (health.problem.*), with the numbers taken from
 * the facts, so a push (in Chinese) reads right in English too. Unknown codes fall back to the
 * server's message.
 */
import type { HealthFacts, HealthProblem, HealthStatus, MonitoringHealth } from '@/types/api'

/** What the strip shows: the facts, and the caller's devices once the endpoint answered. */
export type BoardHealth = HealthFacts & { devices?: MonitoringHealth['devices'] }

type Translate = (key: string, params?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** A push replaces the facts but keeps the devices (they depend on the user); an older one is ignored. */
export function mergeHealth(current: BoardHealth | null, next: HealthFacts | MonitoringHealth): BoardHealth {
  if (current && Date.parse(next.checked_at) < Date.parse(current.checked_at)) return current
  const devices = 'devices' in next && next.devices ? next.devices : current?.devices
  const { ...facts } = next as HealthFacts & { type?: string }
  delete facts.type
  return devices ? { ...facts, devices } : facts
}

/** Element Plus type of the strip: green, orange, red. */
export function healthTone(status: HealthStatus | null): 'success' | 'warning' | 'danger' | 'info' {
  if (status === 'ok') return 'success'
  if (status === 'degraded') return 'warning'
  if (status === 'down') return 'danger'
  return 'info'
}

function minutesSince(iso: string | null, nowIso: string): number {
  if (!iso) return 1
  return Math.max(1, Math.floor((Date.parse(nowIso) - Date.parse(iso)) / 60000))
}

function topReason(byReason: Record<string, number>): string {
  let best = ''
  let most = 0
  for (const [reason, n] of Object.entries(byReason)) {
    if (n > most) {
      most = n
      best = reason
    }
  }
  return best
}

/** The numbers a problem's message needs, from the facts. */
export function problemParams(code: string, h: HealthFacts): Record<string, string | number> {
  switch (code) {
    case 'broker.disconnected':
      return { min: minutesSince(h.broker.disconnected_since, h.checked_at) }
    case 'writer.backlog':
      return { n: h.writer.queue_depth }
    case 'escalation.overdue':
      return { n: h.escalation.overdue }
    case 'webhook.failing':
      return { n: h.webhook.failing_streak }
    case 'webhook.gave_up':
      return { n: h.webhook.gave_up_last_hour }
    case 'webhook.delayed':
      return { min: Math.max(1, Math.floor((h.webhook.oldest_pending_age_s ?? 60) / 60)) }
    case 'dead_letters.many':
      return { n: h.dead_letters.last_hour, reason: topReason(h.dead_letters.by_reason) }
    default:
      return {}
  }
}

/** The message key of a problem code ("webhook.failing" → "health.problem.webhook_failing"). */
export function problemKey(code: string): string {
  return `health.problem.${code.replace(/\./g, '_')}`
}

/** What is wrong and what to do, in the UI's language. */
export function problemText(p: HealthProblem, h: HealthFacts, t: Translate, te: Exists): string {
  const key = problemKey(p.code)
  return te(key) ? t(key, problemParams(p.code, h)) : p.message
}
