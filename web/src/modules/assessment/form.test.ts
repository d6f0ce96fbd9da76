import { describe, expect, it } from 'vitest'
import type { AssessmentCatalog } from './api'
import { bodyOf, emptyForm, loadLocal, preview, saveLocal, unsentDrafts, dropLocal, newClientId, type LocalDraft } from './form'

// Two groups of two items (max 4 + 1, 2 + 3), bands scaled like the standard's.
const cat = {
  standard: 'GB/T 42195-2022',
  max_total: 10,
  groups: [
    { code: 'a', items: [{ code: 'x', max_score: 4 }, { code: 'y', max_score: 1 }] },
    { code: 'b', items: [{ code: 'z', max_score: 2 }, { code: 'w', max_score: 3 }] },
  ],
  grades: [
    { code: 'intact', min_total: 10, max_total: 10 },
    { code: 'mild', min_total: 7, max_total: 9 },
    { code: 'moderate', min_total: 5, max_total: 6 },
    { code: 'severe', min_total: 3, max_total: 4 },
    { code: 'complete', min_total: 0, max_total: 2 },
  ],
} as unknown as AssessmentCatalog

describe('preview', () => {
  it('sums what is answered and grades only a complete form', () => {
    const f = emptyForm()
    f.answers = { x: 4, y: 1, z: null }
    const p = preview(cat, f)
    expect(p.answered).toBe(2)
    expect(p.total).toBe(5)
    expect(p.groups).toEqual({ a: 5, b: 0 })
    expect(p.final).toBeNull()
  })
  it('grades by band and applies diagnosis and risk events one step each', () => {
    const f = emptyForm()
    f.answers = { x: 4, y: 1, z: 2, w: 3 }
    expect(preview(cat, f).final).toBe('intact')
    f.dementia = true
    expect(preview(cat, f)).toMatchObject({ preliminary: 'intact', final: 'mild', adjustments: ['diagnosis'] })
    f.risk_events = { fall: 1, choking: 1 }
    expect(preview(cat, f)).toMatchObject({ final: 'moderate', adjustments: ['diagnosis', 'risk_events'] })
  })
  it('grades a comatose elder 完全失能 whatever the score', () => {
    const f = emptyForm()
    f.answers = { x: 4, y: 1, z: 2, w: 3 }
    f.comatose = true
    f.dementia = true
    expect(preview(cat, f)).toMatchObject({ final: 'complete', adjustments: ['coma'] })
  })
})

describe('the local copy', () => {
  it('keeps unsent drafts by client id and drops them when sent', () => {
    const mem = new Map<string, string>()
    const storage = {
      get length() {
        return mem.size
      },
      key: (i: number) => [...mem.keys()][i] ?? null,
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
      removeItem: (k: string) => void mem.delete(k),
      clear: () => mem.clear(),
    } as Storage
    const id = newClientId()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    const d: LocalDraft = { clientId: id, elderId: 7, supersedesId: null, serverId: null, version: null, form: emptyForm(), dirty: true, savedAt: 1 }
    saveLocal(d, storage)
    expect(loadLocal(id, storage)?.elderId).toBe(7)
    expect(unsentDrafts(7, storage).map((x) => x.clientId)).toEqual([id])
    expect(unsentDrafts(8, storage)).toEqual([])
    dropLocal(id, storage)
    expect(unsentDrafts(undefined, storage)).toEqual([])
  })
  it('leaves unanswered items out of the body', () => {
    const f = emptyForm()
    f.answers = { x: 4, y: null }
    expect(bodyOf(f).answers).toEqual({ x: 4 })
  })
})
