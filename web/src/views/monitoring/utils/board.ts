/**
 * The live board's model, without Vue: which alerts are on the board, in which order, and how
 * live messages and re-reads combine.
 *
 * Order: severity (critical → warning → technical), then the longest waiting first
 * (raised_at), then id — the same as GET /api/v1/alerts?state=active.
 *
 * Re-reads race with the feed: a message can arrive while GET ?state=active is under way and
 * be newer than the answer. Between beginSnapshot() and applySnapshot() the model shows the
 * messages at once and keeps them; the snapshot then replaces the list and the kept messages
 * are applied again on top. Versions decide between two copies of one alert (never go back);
 * a resolved alert leaves the board and an older copy of it cannot bring it back.
 */
import type { Alert, Severity } from '@/types/api'

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, technical: 2 }

export function compareBoard(a: Alert, b: Alert): number {
  const s = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
  if (s !== 0) return s
  const t = Date.parse(a.raised_at) - Date.parse(b.raised_at)
  if (t !== 0 && !Number.isNaN(t)) return t
  return a.id - b.id
}

export type ApplyResult = 'added' | 'updated' | 'removed' | 'ignored'

export class BoardModel {
  private alerts = new Map<number, Alert>()
  /** Versions of alerts that left the board (resolved), so that older copies stay out. */
  private gone = new Map<number, number>()
  private pending: Alert[] | null = null

  /** A re-read starts: keep what arrives until its answer is in. */
  beginSnapshot() {
    this.pending = []
  }

  /** The re-read's answer (the active alerts), then what arrived meanwhile on top. */
  applySnapshot(items: Alert[]) {
    const kept = this.pending ?? []
    this.pending = null
    this.alerts = new Map()
    for (const a of items) {
      const g = this.gone.get(a.id)
      if (g !== undefined && g >= a.version) continue
      if (a.state !== 'resolved') this.alerts.set(a.id, a)
    }
    for (const a of kept) this.apply(a)
  }

  /** A live message's alert. */
  apply(a: Alert): ApplyResult {
    if (this.pending) this.pending.push(a)
    const cur = this.alerts.get(a.id)
    if (cur && a.version < cur.version) return 'ignored'
    const g = this.gone.get(a.id)
    if (g !== undefined && a.version <= g) return 'ignored'
    if (a.state === 'resolved') {
      this.gone.set(a.id, a.version)
      return this.alerts.delete(a.id) ? 'removed' : 'ignored'
    }
    this.alerts.set(a.id, a)
    return cur ? 'updated' : 'added'
  }

  get(id: number): Alert | undefined {
    return this.alerts.get(id)
  }

  list(): Alert[] {
    return [...this.alerts.values()].sort(compareBoard)
  }

  get size(): number {
    return this.alerts.size
  }
}

export interface ElapsedParts {
  days: number
  hours: number
  minutes: number
  seconds: number
}

export function elapsedParts(ms: number): ElapsedParts {
  const total = Math.max(0, Math.floor(ms / 1000))
  return {
    days: Math.floor(total / 86400),
    hours: Math.floor((total % 86400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  }
}

type Translate = (key: string, params: Record<string, number>) => string

/**
 * "2分15秒前": seconds while under an hour, then hours and minutes, then days and hours.
 * Keys (board.elapsed.*): s, ms, hm, dh with params d, h, m, s.
 */
export function formatElapsed(ms: number, t: Translate): string {
  const p = elapsedParts(ms)
  if (p.days > 0) return t('board.elapsed.dh', { d: p.days, h: p.hours })
  if (p.hours > 0) return t('board.elapsed.hm', { h: p.hours, m: p.minutes })
  if (p.minutes > 0) return t('board.elapsed.ms', { m: p.minutes, s: p.seconds })
  return t('board.elapsed.s', { s: p.seconds })
}

/** A duration in seconds as "45秒" / "2分5秒" / "1小时3分" (history figures). Keys board.duration.*. */
export function formatDuration(seconds: number | null | undefined, t: Translate): string {
  if (seconds === null || seconds === undefined) return '—'
  const p = elapsedParts(seconds * 1000)
  if (p.days > 0) return t('board.duration.dh', { d: p.days, h: p.hours })
  if (p.hours > 0) return t('board.duration.hm', { h: p.hours, m: p.minutes })
  if (p.minutes > 0) return t('board.duration.ms', { m: p.minutes, s: p.seconds })
  return t('board.duration.s', { s: p.seconds })
}

/** A `tel:` link for a phone number as stored ("0533-6123456", "138 0533 1234"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+\-]/g, '')}`
}

/** Reconnect delay: 1 s doubling to 30 s, ±20 % so that many boards do not return at once. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)))
  return Math.round(base * (0.8 + 0.4 * random()))
}
