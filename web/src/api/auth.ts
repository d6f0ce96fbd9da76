import { http } from './request'
import type { ChangePasswordRequest, LoginRequest, LoginResponse, Me } from '@/types/api'

export const login = (body: LoginRequest) =>
  http.post<LoginResponse>('/auth/login', body, { skipAuthRedirect: true, quietCodes: ['auth.invalid_credentials', 'auth.locked'] })

export const logout = () => http.post<void>('/auth/logout', undefined, { skipAuthRedirect: true, silent: true })

export const getMe = () => http.get<Me>('/me', undefined, { skipAuthRedirect: true, silent: true })

export const changePassword = (body: ChangePasswordRequest) => http.post<void>('/me/password', body)
