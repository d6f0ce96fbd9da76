import { describe, expect, it } from 'vitest'
import type { Alert } from '@/types/api'
import { BoardModel, backoffMs, compareBoard, formatDuration, formatElapsed, telHref } from './board'

function alert(id: number, over: Partial<Alert> = {}): Alert {
  return {
    id,
    kind: 'sos',
    severity: 'critical',
    state: 'open',
    count: 1,
    version: 1,
    raised_at: '2026-11-29T16:00:00+08:00',
    created_at: '2026-11-29T16:00:01+08:00',
    last_at: '2026-11-29T16:00:00+08:00',
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    outcome: null,
    note: '',
    last_level_sent: 1,
    next_due_at: null,
    elder: { id: 31, name: '王秀英', address: '官庄社区1号楼', community_id: 4, community_name: '官庄社区' },
    device: { id: 7, serial: 'TZ-SOS-000031', type: 'sos_pendant', location: '卧室' },
    ...over,
  }
}

const ids = (m: BoardModel) => m.list().map((a) => a.id)

describe('board order', () => {
  it('sorts by severity, then the longest waiting, then id', () => {
    const list = [
      alert(1, { severity: 'technical', raised_at: '2026-11-29T08:00:00+08:00' }),
      alert(2, { severity: 'critical', raised_at: '2026-11-29T16:05:00+08:00' }),
      alert(3, { severity: 'warning', raised_at: '2026-11-29T09:00:00+08:00' }),
      alert(4, { severity: 'critical', raised_at: '2026-11-29T16:01:00+08:00' }),
      alert(5, { severity: 'critical', raised_at: '2026-11-29T16:01:00+08:00' }),
    ]
    expect(list.sort(compareBoard).map((a) => a.id)).toEqual([4, 5, 2, 3, 1])
  })
})

describe('BoardModel', () => {
  it('adds, updates by version and removes resolved alerts', () => {
    const m = new BoardModel()
    expect(m.apply(alert(1))).toBe('added')
    expect(m.apply(alert(1, { version: 2, count: 2 }))).toBe('updated')
    expect(m.get(1)?.count).toBe(2)
    expect(m.apply(alert(1, { version: 1, count: 1 }))).toBe('ignored') // older copy
    expect(m.get(1)?.count).toBe(2)
    expect(m.apply(alert(1, { version: 3, state: 'resolved' }))).toBe('removed')
    expect(m.size).toBe(0)
    // A late copy of the acknowledged state does not bring it back.
    expect(m.apply(alert(1, { version: 2, state: 'acknowledged' }))).toBe('ignored')
    expect(m.size).toBe(0)
    expect(m.apply(alert(9, { state: 'resolved' }))).toBe('ignored')
  })

  it('keeps messages that arrive during a re-read', () => {
    const m = new BoardModel()
    m.apply(alert(1))
    m.apply(alert(2))
    m.beginSnapshot()
    // While the GET is under way: a new alert, an acknowledgement, a resolution.
    expect(m.apply(alert(3, { severity: 'warning' }))).toBe('added')
    m.apply(alert(1, { version: 2, state: 'acknowledged' }))
    m.apply(alert(2, { version: 2, state: 'resolved' }))
    expect(ids(m)).toEqual([1, 3])
    // The answer was read before those changes: alert 1 at version 1, alert 2 still open,
    // alert 3 missing, and alert 4 that the feed never mentioned.
    m.applySnapshot([alert(1), alert(2), alert(4, { raised_at: '2026-11-29T17:00:00+08:00' })])
    expect(ids(m)).toEqual([1, 4, 3])
    expect(m.get(1)?.state).toBe('acknowledged')
    // After the snapshot, messages apply directly again.
    expect(m.apply(alert(4, { version: 2, state: 'resolved' }))).toBe('removed')
    expect(ids(m)).toEqual([1, 3])
  })

  it('drops from a snapshot what it knows was resolved later', () => {
    const m = new BoardModel()
    m.apply(alert(5, { version: 4, state: 'resolved' }))
    m.beginSnapshot()
    m.applySnapshot([alert(5, { version: 3 }), alert(6)])
    expect(ids(m)).toEqual([6])
  })
})

describe('formatting', () => {
  const zh: Record<string, string> = {
    'board.elapsed.s': '{s}秒前',
    'board.elapsed.ms': '{m}分{s}秒前',
    'board.elapsed.hm': '{h}小时{m}分前',
    'board.elapsed.dh': '{d}天{h}小时前',
    'board.duration.s': '{s}秒',
    'board.duration.ms': '{m}分{s}秒',
    'board.duration.hm': '{h}小时{m}分',
    'board.duration.dh': '{d}天{h}小时',
  }
  const t = (k: string, p: Record<string, number>) => zh[k].replace(/\{(\w)\}/g, (_m, n: string) => String(p[n]))

  it('says how long ago', () => {
    expect(formatElapsed(135_000, t)).toBe('2分15秒前')
    expect(formatElapsed(4_000, t)).toBe('4秒前')
    expect(formatElapsed(-500, t)).toBe('0秒前') // a clock slightly ahead
    expect(formatElapsed(3_780_000, t)).toBe('1小时3分前')
    expect(formatElapsed(2 * 86_400_000 + 3 * 3_600_000, t)).toBe('2天3小时前')
  })

  it('formats durations in seconds', () => {
    expect(formatDuration(45, t)).toBe('45秒')
    expect(formatDuration(125.4, t)).toBe('2分5秒')
    expect(formatDuration(null, t)).toBe('—')
  })

  it('makes tel: links', () => {
    expect(telHref('0533-6123456')).toBe('tel:0533-6123456')
    expect(telHref('138 0533 1234')).toBe('tel:13805331234')
    expect(telHref('+86 138-0533-1234')).toBe('tel:+86138-0533-1234')
  })

  it('backs off from 1 s to 30 s with jitter', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1000)
    expect(backoffMs(1, () => 0.5)).toBe(2000)
    expect(backoffMs(4, () => 0.5)).toBe(16000)
    expect(backoffMs(5, () => 0.5)).toBe(30000)
    expect(backoffMs(50, () => 0.5)).toBe(30000)
    expect(backoffMs(0, () => 0)).toBe(800)
    expect(backoffMs(0, () => 1)).toBe(1200)
  })
})
