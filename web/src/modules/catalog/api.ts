/** 服务目录 API: GET/POST /api/v1/service-items, PUT /api/v1/service-items/{id} (docs/openapi.yaml, tag catalog). */
import { http, type Query, type RequestOptions } from '@/api/request'

export const CATEGORIES = ['life_care', 'basic_care', 'health', 'visiting', 'comfort', 'errands', 'retrofit'] as const
export type Category = (typeof CATEGORIES)[number]
export const UNITS = ['visit', 'hour'] as const
export type Unit = (typeof UNITS)[number]

export interface ServiceItemCreate {
  category: Category
  name: string
  unit: Unit
  duration_min: number
  /** Price in fen (1/100 yuan). */
  price_fen: number
  qualification: string
}

export interface ServiceItemUpdate extends ServiceItemCreate {
  active: boolean
  /** Optimistic lock: sent back on PUT; a stale one gets 409. */
  version: number
}

export interface ServiceItem extends ServiceItemUpdate {
  id: number
}

export interface ServiceItemQuery {
  category?: Category | ''
  active?: boolean | ''
}

export const listServiceItems = (q: ServiceItemQuery = {}) => http.get<{ items: ServiceItem[] }>('/service-items', q as Query)
export const createServiceItem = (body: ServiceItemCreate, opts?: RequestOptions) => http.post<ServiceItem>('/service-items', body, opts)
export const updateServiceItem = (id: number, body: ServiceItemUpdate, opts?: RequestOptions) =>
  http.put<ServiceItem>(`/service-items/${id}`, body, opts)

/** 409 when the category already has an item of that name (no field in the envelope: the form puts it on `name`). */
export const NAME_DUPLICATE = 'catalog.name_duplicate'
