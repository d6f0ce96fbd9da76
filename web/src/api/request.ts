/**
 * The one HTTP client of the web app.
 *
 * Every call goes through `request()`, which
 *  - sends cookies (the session is an HttpOnly cookie), `Accept-Language` per the UI language
 *    and `X-CSRF-Token` on every non-GET;
 *  - on 401 tells the app to go to the sign-in page (except for calls that opt out);
 *  - on an error that names no form field shows one error toast;
 *  - always rejects with an `ApiError` that carries the server's error envelope, so a form can
 *    show `field` / `details[].field` errors beside the right input.
 */
import type { ErrorEnvelope, FieldError } from '@/types/api'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  readonly details: FieldError[]
  readonly body: ErrorEnvelope | null
  readonly headers: Headers | null
  /** True when the client already showed a toast for this error. */
  notified = false

  constructor(status: number, body: ErrorEnvelope | null, headers: Headers | null = null, fallback = '') {
    super(body?.error?.message || fallback || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = body?.error?.code || (status === 0 ? 'network' : `http.${status}`)
    this.field = body?.error?.field || undefined
    this.details = Array.isArray(body?.error?.details) ? body!.error.details! : []
    this.body = body
    this.headers = headers
  }

  /** Field errors keyed by form path (`contacts[1].phone` → `contacts.1.phone`). */
  get fieldErrors(): Record<string, string> {
    return fieldErrorMap(this)
  }

  get hasFieldErrors(): boolean {
    return !!this.field || this.details.some((d) => !!d.field)
  }
}

/** `contacts[1].phone` → `contacts.1.phone`, the prop path Element Plus form items use. */
export function normalizeFieldPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '')
}

export function fieldErrorMap(err: { field?: string; message: string; details: FieldError[] }): Record<string, string> {
  const out: Record<string, string> = {}
  if (err.field) out[normalizeFieldPath(err.field)] = err.message
  for (const d of err.details) {
    if (!d.field) continue
    const key = normalizeFieldPath(d.field)
    // The top-level field usually repeats the first detail; show each message once.
    if (!out[key]) out[key] = d.message
    else if (!out[key].split('；').includes(d.message)) out[key] = `${out[key]}；${d.message}`
  }
  return out
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  query?: Query
  /** JSON body (objects) or raw bytes (Blob / ArrayBuffer) sent as is. */
  body?: unknown
  headers?: Record<string, string>
  /** 'json' (default) or 'blob' for downloads. */
  responseType?: 'json' | 'blob'
  /** Do not redirect to /login on 401 (sign-in page, the first GET /me). */
  skipAuthRedirect?: boolean
  /** Error codes the caller handles itself: no toast for them. */
  quietCodes?: string[]
  /** No toast at all. */
  silent?: boolean
}

export interface ClientHooks {
  fetch: typeof fetch
  getCsrfToken: () => string | null
  getLanguage: () => string
  onUnauthorized: () => void
  notifyError: (message: string) => void
  /** Translated text for network failures and bodies that are not the envelope. */
  fallbackMessage: (status: number) => string
}

export function buildUrl(path: string, query?: Query): string {
  let url = path.startsWith('http') || path.startsWith(API_BASE) ? path : API_BASE + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      params.append(k, String(v))
    }
    const s = params.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

export function createClient(hooks: ClientHooks) {
  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const method = opts.method || 'GET'
    const headers: Record<string, string> = {
      Accept: opts.responseType === 'blob' ? '*/*' : 'application/json',
      'Accept-Language': hooks.getLanguage(),
      ...opts.headers,
    }
    if (method !== 'GET') {
      const token = hooks.getCsrfToken()
      if (token) headers['X-CSRF-Token'] = token
    }
    let body: BodyInit | undefined
    if (opts.body !== undefined) {
      if (opts.body instanceof Blob || opts.body instanceof ArrayBuffer || ArrayBuffer.isView(opts.body)) {
        body = opts.body as BodyInit
      } else {
        body = JSON.stringify(opts.body)
        headers['Content-Type'] = 'application/json'
      }
    }

    let res: Response
    try {
      res = await hooks.fetch(buildUrl(path, opts.query), {
        method,
        headers,
        body,
        credentials: 'same-origin',
      })
    } catch {
      const err = new ApiError(0, null, null, hooks.fallbackMessage(0))
      if (!opts.silent) {
        hooks.notifyError(err.message)
        err.notified = true
      }
      throw err
    }

    if (res.ok) {
      if (opts.responseType === 'blob') return (await res.blob()) as T
      if (res.status === 204) return undefined as T
      const text = await res.text()
      return (text ? JSON.parse(text) : undefined) as T
    }

    let envelope: ErrorEnvelope | null = null
    try {
      const parsed = JSON.parse(await res.text())
      if (parsed && typeof parsed === 'object' && parsed.error) envelope = parsed as ErrorEnvelope
    } catch {
      envelope = null
    }
    const err = new ApiError(res.status, envelope, res.headers, hooks.fallbackMessage(res.status))

    if (res.status === 401 && !opts.skipAuthRedirect) {
      hooks.onUnauthorized()
      throw err
    }
    const quiet = opts.silent || err.hasFieldErrors || (opts.quietCodes || []).includes(err.code)
    if (!quiet) {
      hooks.notifyError(err.message)
      err.notified = true
    }
    throw err
  }

  return {
    request,
    get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>(path, { ...opts, query }),
    post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
      request<T>(path, { ...opts, method: 'POST', body }),
    put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
      request<T>(path, { ...opts, method: 'PUT', body }),
    del: <T>(path: string, opts: RequestOptions = {}) => request<T>(path, { ...opts, method: 'DELETE' }),
  }
}

export type Client = ReturnType<typeof createClient>

// ---- the app's client instance; its hooks are wired in main.ts (setupClient) ----

const hooks: ClientHooks = {
  fetch: (...args) => fetch(...args),
  getCsrfToken: () => null,
  getLanguage: () => 'zh-CN',
  onUnauthorized: () => {},
  notifyError: (m) => console.error(m),
  fallbackMessage: (s) => (s === 0 ? 'Network error' : `HTTP ${s}`),
}

export function setupClient(h: Partial<ClientHooks>) {
  Object.assign(hooks, h)
}

const client = createClient({
  fetch: (...a) => hooks.fetch(...a),
  getCsrfToken: () => hooks.getCsrfToken(),
  getLanguage: () => hooks.getLanguage(),
  onUnauthorized: () => hooks.onUnauthorized(),
  notifyError: (m) => hooks.notifyError(m),
  fallbackMessage: (s) => hooks.fallbackMessage(s),
})

export const request = client.request
export const http = client
