import { http } from './request'
import type { MyPhone } from '@/types/api'

/** The caller's own phone, masked. */
export const getMyPhone = (opts: { silent?: boolean } = {}) => http.get<MyPhone>('/me/phone', undefined, opts)

/** Sets (normalized by the server, confirmed now) or clears (null) the caller's phone. */
export const setMyPhone = (phone: string | null) => http.put<MyPhone>('/me/phone', { phone })

/** Says the stored number is still right. */
export const confirmMyPhone = () => http.post<MyPhone>('/me/phone/confirm')
