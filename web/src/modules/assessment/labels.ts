/** Display names from the served catalogue in the UI language (the options' wording is the standard's, Chinese only). */
import { currentLang } from '@/locales'
import type { AssessmentCatalog } from './api'

export const nameOf = (x: { name_zh: string; name_en: string } | undefined | null) => (!x ? '' : currentLang() === 'en' ? x.name_en : x.name_zh)

export function gradeName(cat: AssessmentCatalog | null, code: string | null | undefined): string {
  const g = cat?.grades.find((x) => x.code === code)
  if (!g) return code ?? ''
  return currentLang() === 'en' ? g.name_en : g.short_zh
}

export const gradeTagType = (code: string | null | undefined) =>
  code === 'intact' ? 'success' : code === 'mild' ? 'primary' : code === 'moderate' ? 'warning' : code ? 'danger' : 'info'

export const stateTagType = (s: string) => (s === 'reviewed' ? 'success' : s === 'submitted' ? 'warning' : s === 'returned' ? 'danger' : 'info')
