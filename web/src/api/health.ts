import { http } from './request'
import type { MonitoringHealth } from '@/types/api'

/** The alert path's health for the board's strip (silent: the strip shows a failure itself). */
export const getHealth = () => http.get<MonitoringHealth>('/monitoring/health', undefined, { silent: true })
