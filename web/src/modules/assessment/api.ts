/** 能力评估 API (docs/openapi.yaml, tag assessment; docs/ASSESSMENT.md). */
import { http, type Query, type RequestOptions } from '@/api/request'
import type { components } from '@/types/api/schema'

type S = components['schemas']
export type Assessment = S['Assessment']
export type AssessmentCatalog = S['AssessmentCatalog']
export type AssessmentDue = S['AssessmentDue']
export type AssessmentInput = S['AssessmentInput']
export type Grade = S['AssessmentGrade']
export type CatalogGroup = AssessmentCatalog['groups'][number]
export type CatalogItem = CatalogGroup['items'][number]

export interface ElderAssessments {
  items: Assessment[]
  current: Assessment | null
  due_on: string | null
  due: boolean
}
export interface Assessor {
  id: number
  name: string
  unit: string
}

let catalogCache: Promise<AssessmentCatalog> | null = null
/** The form definition never changes while the app runs: fetched once. */
export function getCatalog(): Promise<AssessmentCatalog> {
  if (!catalogCache) catalogCache = http.get<AssessmentCatalog>('/assessment/catalog').catch((e) => ((catalogCache = null), Promise.reject(e)))
  return catalogCache
}
export const listAssessors = () => http.get<{ items: Assessor[] }>('/assessment/assessors')
export const listElderAssessments = (elderId: number) => http.get<ElderAssessments>(`/elders/${elderId}/assessments`)
export const getAssessment = (id: number, opts?: RequestOptions) => http.get<Assessment>(`/assessments/${id}`, undefined, opts)
export const createAssessment = (body: AssessmentInput & { client_id: string; elder_id: number; supersedes_id?: number | null }, opts?: RequestOptions) =>
  http.post<Assessment>('/assessments', body, opts)
export const updateAssessment = (id: number, body: AssessmentInput & { version: number }, opts?: RequestOptions) =>
  http.put<Assessment>(`/assessments/${id}`, body, opts)
export const submitAssessment = (id: number, version: number, opts?: RequestOptions) =>
  http.post<Assessment>(`/assessments/${id}/submit`, { version }, opts)
export const reviewAssessment = (id: number, version: number) => http.post<Assessment>(`/assessments/${id}/review`, { version })
export const returnAssessment = (id: number, version: number, reason: string, opts?: RequestOptions) =>
  http.post<Assessment>(`/assessments/${id}/return`, { version, reason }, opts)
export const listDue = (q: { community_id?: number | ''; page?: number; size?: number }) =>
  http.get<{ items: AssessmentDue[]; total: number; page: number; size: number }>('/assessments/due', q as Query)
