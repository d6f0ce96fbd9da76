import { http, type Query } from './request'
import type { Items, Page, AuditEntry, AuditQuery, Role, UserCreate, UserRow, UserUpdate } from '@/types/api'

export const listUsers = (q: { q?: string; page?: number; size?: number }) => http.get<Page<UserRow>>('/users', q)
export const createUser = (body: UserCreate) => http.post<UserRow>('/users', body)
export const updateUser = (id: number, body: UserUpdate) => http.put<UserRow>(`/users/${id}`, body)
export const resetUserPassword = (id: number) =>
  http.post<{ temporary_password: string }>(`/users/${id}/reset-password`)

export const listRoles = () => http.get<Items<Role>>('/roles')

export const listAudit = (q: AuditQuery) => http.get<Page<AuditEntry>>('/audit', q as Query)
