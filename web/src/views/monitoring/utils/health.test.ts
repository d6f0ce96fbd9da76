import { describe, expect, it } from 'vitest'
import type { HealthFacts, HealthProblem, MonitoringHealth } from '@/types/api'
import { healthTone, mergeHealth, problemKey, problemParams, problemText } from './health'

function facts(over: Partial<HealthFacts> = {}): HealthFacts {
  return {
    status: 'ok',
    problems: [],
    checked_at: '2026-11-29T03:00:00+08:00',
    monitoring: { running: true, started_at: '2026-11-28T08:00:00+08:00' },
    broker: { configured: true, connected: true, refused: false, connected_since: '2026-11-28T08:00:01+08:00', disconnected_since: null, reconnects: 0, last_error: '' },
    writer: { queue_depth: 0, queue_max: 100000, last_commit_at: null, last_commit_ms: 0.8, batch_failures: 0, failing: false, last_failure_at: null },
    escalation: { timers_armed: 2, overdue: 0, oldest_overdue_at: null },
    webhook: { configured: true, pending: 0, oldest_pending_age_s: null, failed_last_hour: 0, gave_up_last_hour: 0, failing_streak: 0, last_sent_at: null, last_error: '', last_error_at: null },
    dead_letters: { last_hour: 0, by_reason: {}, dropped: 0 },
    ...over,
  }
}

const devices = { active: 40, offline: 3, low_battery: 1 }

describe('mergeHealth', () => {
  it('keeps the devices of the last answer when a push arrives', () => {
    const first: MonitoringHealth = { ...facts(), devices }
    const push = { type: 'health', ...facts({ status: 'degraded', checked_at: '2026-11-29T03:00:05+08:00' }) } as HealthFacts
    const merged = mergeHealth(mergeHealth(null, first), push)
    expect(merged.status).toBe('degraded')
    expect(merged.devices).toEqual(devices)
    expect('type' in merged).toBe(false)
  })
  it('ignores an answer older than what is shown', () => {
    const newer = mergeHealth(null, facts({ status: 'down', checked_at: '2026-11-29T03:00:10+08:00' }))
    expect(mergeHealth(newer, { ...facts(), devices }).status).toBe('down')
  })
  it('a push before any answer has no devices', () => {
    expect(mergeHealth(null, facts()).devices).toBeUndefined()
  })
})

describe('problem words', () => {
  const h = facts({
    broker: { ...facts().broker, connected: false, connected_since: null, disconnected_since: '2026-11-29T02:57:30+08:00' },
    webhook: { ...facts().webhook, failing_streak: 4, gave_up_last_hour: 2, oldest_pending_age_s: 330 },
    dead_letters: { last_hour: 120, by_reason: { malformed: 20, clock_skew: 100 }, dropped: 0 },
    escalation: { timers_armed: 1, overdue: 2, oldest_overdue_at: null },
  })
  it('takes the numbers from the facts', () => {
    expect(problemParams('broker.disconnected', h)).toEqual({ min: 2 })
    expect(problemParams('webhook.failing', h)).toEqual({ n: 4 })
    expect(problemParams('webhook.gave_up', h)).toEqual({ n: 2 })
    expect(problemParams('webhook.delayed', h)).toEqual({ min: 5 })
    expect(problemParams('escalation.overdue', h)).toEqual({ n: 2 })
    expect(problemParams('dead_letters.many', h)).toEqual({ n: 120, reason: 'clock_skew' })
    expect(problemParams('monitoring.not_running', h)).toEqual({})
  })
  it('uses the UI message when there is one, else the server message', () => {
    const t = (k: string, p?: Record<string, unknown>) => `${k}:${JSON.stringify(p)}`
    const known = (k: string) => k === problemKey('webhook.failing')
    expect(problemKey('dead_letters.many')).toBe('health.problem.dead_letters_many')
    expect(problemText({ code: 'webhook.failing', level: 'degraded', message: '服务器' }, h, t, known)).toBe(
      'health.problem.webhook_failing:{"n":4}',
    )
    expect(problemText({ code: 'new.thing' as HealthProblem['code'], level: 'down', message: '服务器的说明' }, h, t, known)).toBe('服务器的说明')
  })
  it('maps the status to a colour', () => {
    expect(healthTone('ok')).toBe('success')
    expect(healthTone('degraded')).toBe('warning')
    expect(healthTone('down')).toBe('danger')
    expect(healthTone(null)).toBe('info')
  })
})
