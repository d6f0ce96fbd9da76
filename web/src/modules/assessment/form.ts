/**
 * The assessment form's client side: the state the form edits, a live preview of the score and
 * grade (display only: the server's evaluate() is authoritative, docs/ASSESSMENT.md), and the
 * copy of unsent progress kept in localStorage, keyed by the form's client id, so a reload or a
 * dropped connection loses nothing.
 */
import type { Assessment, AssessmentCatalog, AssessmentInput, Grade } from './api'

export interface FormState {
  reason: AssessmentInput['reason']
  assessor1_id: number | null
  assessor2_id: number | null
  informant_name: string
  informant_relation: NonNullable<AssessmentInput['informant_relation']>
  place: string
  assessed_on: string
  diagnoses: string
  dementia: boolean
  other_mental_disorder: boolean
  comatose: boolean
  risk_events: Record<string, number>
  answers: Record<string, number | null>
}

export function emptyForm(reason: FormState['reason'] = 'first'): FormState {
  return {
    reason,
    assessor1_id: null,
    assessor2_id: null,
    informant_name: '',
    informant_relation: '',
    place: '',
    assessed_on: '',
    diagnoses: '',
    dementia: false,
    other_mental_disorder: false,
    comatose: false,
    risk_events: {},
    answers: {},
  }
}

export function formOf(a: Assessment): FormState {
  return {
    reason: a.reason,
    assessor1_id: a.assessor1?.id ?? null,
    assessor2_id: a.assessor2?.id ?? null,
    informant_name: a.informant_name,
    informant_relation: a.informant_relation as FormState['informant_relation'],
    place: a.place,
    assessed_on: a.assessed_on,
    diagnoses: a.diagnoses,
    dementia: a.dementia,
    other_mental_disorder: a.other_mental_disorder,
    comatose: a.comatose,
    risk_events: { ...a.risk_events },
    answers: { ...a.answers },
  }
}

/** The body of a create or update: unanswered items left out. */
export function bodyOf(f: FormState): AssessmentInput {
  const answers: Record<string, number> = {}
  for (const [k, v] of Object.entries(f.answers)) if (v !== null && v !== undefined) answers[k] = v
  return { ...f, answers }
}

export interface Preview {
  answered: number
  items: number
  total: number
  groups: Record<string, number>
  preliminary: Grade | null
  final: Grade | null
  adjustments: ('diagnosis' | 'risk_events' | 'coma')[]
}

const GRADE_ORDER: Grade[] = ['intact', 'mild', 'moderate', 'severe', 'complete']

/** Total, group scores and grades as GB/T 42195-2022 C.3–C.5 give them (grades only when complete). */
export function preview(cat: AssessmentCatalog, f: FormState): Preview {
  let answered = 0
  let items = 0
  let total = 0
  const groups: Record<string, number> = {}
  for (const g of cat.groups) {
    groups[g.code] = 0
    for (const it of g.items) {
      items++
      const v = f.answers[it.code]
      if (v === null || v === undefined) continue
      answered++
      total += v
      groups[g.code] += v
    }
  }
  if (answered < items) return { answered, items, total, groups, preliminary: null, final: null, adjustments: [] }
  const band = cat.grades.find((g) => total >= g.min_total && total <= g.max_total)
  const preliminary = (band?.code ?? 'complete') as Grade
  const adjustments: Preview['adjustments'] = []
  let n = GRADE_ORDER.indexOf(preliminary)
  if (f.comatose) {
    adjustments.push('coma')
    n = GRADE_ORDER.length - 1
  } else {
    if (f.dementia || f.other_mental_disorder) {
      adjustments.push('diagnosis')
      n++
    }
    const events = Object.values(f.risk_events).reduce((a, b) => a + (b || 0), 0)
    if (events >= 2) {
      adjustments.push('risk_events')
      n++
    }
  }
  return { answered, items, total, groups, preliminary, final: GRADE_ORDER[Math.min(n, GRADE_ORDER.length - 1)], adjustments }
}

/** A new form's client id (the server stores a create sent twice once). */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID()
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('')
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${h(3)}-${h(12)}`
}

/** Unsent progress of one form, in localStorage under `eldercare.assessment.<client id>`. */
export interface LocalDraft {
  clientId: string
  elderId: number
  supersedesId: number | null
  /** The server's record once created, and the version last read. */
  serverId: number | null
  version: number | null
  form: FormState
  /** Changes not yet on the server. */
  dirty: boolean
  savedAt: number
}

const PREFIX = 'eldercare.assessment.'

export function saveLocal(d: LocalDraft, storage: Storage = localStorage) {
  try {
    storage.setItem(PREFIX + d.clientId, JSON.stringify(d))
  } catch {
    // Storage full or disabled: the server copy is all there is.
  }
}

export function loadLocal(clientId: string, storage: Storage = localStorage): LocalDraft | null {
  try {
    const raw = storage.getItem(PREFIX + clientId)
    return raw ? (JSON.parse(raw) as LocalDraft) : null
  } catch {
    return null
  }
}

export function dropLocal(clientId: string, storage: Storage = localStorage) {
  storage.removeItem(PREFIX + clientId)
}

/** Every unsent local draft (of one elder, when given), newest first. */
export function unsentDrafts(elderId?: number, storage: Storage = localStorage): LocalDraft[] {
  const out: LocalDraft[] = []
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i)
    if (!k?.startsWith(PREFIX)) continue
    const d = loadLocal(k.slice(PREFIX.length), storage)
    if (d && d.dirty && (elderId === undefined || d.elderId === elderId)) out.push(d)
  }
  return out.sort((a, b) => b.savedAt - a.savedAt)
}
