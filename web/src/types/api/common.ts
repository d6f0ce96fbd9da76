/** Shapes shared by every API module. */

export interface FieldError {
  field: string
  code: string
  message: string
}

/** The error body the server sends with every non-2xx response. */
export interface ErrorEnvelope {
  error: {
    code: string
    message: string
    field?: string
    details?: FieldError[]
  }
  /** Only on 422 import.has_errors. */
  report?: unknown
}

export interface Page<T> {
  items: T[]
  total: number
  page?: number
  size?: number
}

export interface Items<T> {
  items: T[]
}

export type OrgKind = 'street' | 'community' | 'village' | 'grid' | 'building'

export interface IdName {
  id: number
  name: string
}
