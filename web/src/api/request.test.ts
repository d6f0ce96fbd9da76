import { describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, createClient, normalizeFieldPath, type ClientHooks } from './request'

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

function setup(res: Response | (() => Promise<Response>), over: Partial<ClientHooks> = {}) {
  const impl = typeof res === 'function' ? res : async () => res.clone()
  const fetchMock = vi.fn((_url: string, _init?: RequestInit) => impl())
  const hooks: ClientHooks = {
    fetch: fetchMock as unknown as typeof fetch,
    getCsrfToken: () => 'tok-123',
    getLanguage: () => 'zh-CN',
    onUnauthorized: vi.fn(),
    notifyError: vi.fn(),
    fallbackMessage: (s) => (s === 0 ? '网络异常' : `服务器出错（${s}）`),
    ...over,
  }
  return { client: createClient(hooks), hooks, fetchMock }
}

type FetchMock = ReturnType<typeof setup>['fetchMock']
const headersOf = (fetchMock: FetchMock, call = 0) => (fetchMock.mock.calls[call][1] as RequestInit).headers as Record<string, string>

describe('request client: headers', () => {
  it('sends Accept-Language and cookies on GET, but no CSRF token', async () => {
    const { client, fetchMock } = setup(jsonResponse(200, { ok: 1 }))
    await expect(client.get('/me')).resolves.toEqual({ ok: 1 })
    const init = fetchMock.mock.calls[0][1] as RequestInit
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/me')
    expect(init.credentials).toBe('same-origin')
    expect(headersOf(fetchMock)['Accept-Language']).toBe('zh-CN')
    expect(headersOf(fetchMock)['X-CSRF-Token']).toBeUndefined()
  })

  it('sends X-CSRF-Token on every POST, PUT and DELETE', async () => {
    const { client, fetchMock } = setup(jsonResponse(200, {}))
    await client.post('/elders', { name: 'x' })
    await client.put('/elders/1', { name: 'y' })
    await client.del('/things/1')
    for (let i = 0; i < 3; i++) expect(headersOf(fetchMock, i)['X-CSRF-Token']).toBe('tok-123')
    expect(headersOf(fetchMock)['Content-Type']).toBe('application/json')
    expect((fetchMock.mock.calls[0][1] as RequestInit).body).toBe('{"name":"x"}')
  })

  it('sends raw bytes as they are, with the caller’s content type', async () => {
    const { client, fetchMock } = setup(jsonResponse(200, {}))
    const blob = new Blob(['a,b\n1,2'], { type: 'text/csv' })
    await client.request('/elders/import', { method: 'POST', body: blob, headers: { 'Content-Type': 'text/csv' }, query: { dry_run: true } })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/elders/import?dry_run=true')
    expect((fetchMock.mock.calls[0][1] as RequestInit).body).toBe(blob)
    expect(headersOf(fetchMock)['Content-Type']).toBe('text/csv')
  })

  it('returns undefined for 204', async () => {
    const { client } = setup(new Response(null, { status: 204 }))
    await expect(client.post('/auth/logout')).resolves.toBeUndefined()
  })

  it('drops empty query values', () => {
    expect(buildUrl('/elders', { q: '', page: 1, community_id: undefined, status: 'active', x: null })).toBe('/api/v1/elders?page=1&status=active')
  })
})

describe('request client: errors', () => {
  it('maps a field error to the form path and shows no toast', async () => {
    const body = { error: { code: 'elder.id_number_invalid', message: '校验位不正确', field: 'id_number' } }
    const { client, hooks } = setup(jsonResponse(422, body))
    const err = (await client.post('/elders', {}).catch((e) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.code).toBe('elder.id_number_invalid')
    expect(err.fieldErrors).toEqual({ id_number: '校验位不正确' })
    expect(hooks.notifyError).not.toHaveBeenCalled()
    expect(err.notified).toBe(false)
  })

  it('maps several details, including nested contact fields', async () => {
    const body = {
      error: {
        code: 'validation.failed',
        message: '有 2 处错误',
        details: [
          { field: 'phone', code: 'elder.phone_invalid', message: '电话格式不正确' },
          { field: 'contacts[1].phone', code: 'elder.phone_invalid', message: '联系人电话格式不正确' },
        ],
      },
    }
    const { client, hooks } = setup(jsonResponse(422, body))
    const err = (await client.post('/elders', {}).catch((e) => e)) as ApiError
    expect(err.fieldErrors).toEqual({ phone: '电话格式不正确', 'contacts.1.phone': '联系人电话格式不正确' })
    expect(hooks.notifyError).not.toHaveBeenCalled()
  })

  it('does not repeat the top-level field error that is also the first detail', async () => {
    const body = {
      error: {
        code: 'validation.required',
        message: '姓名为必填项',
        field: 'name',
        details: [
          { field: 'name', code: 'validation.required', message: '姓名为必填项' },
          { field: 'id_number', code: 'id_number.check_digit', message: '身份证号校验位错误' },
        ],
      },
    }
    const { client } = setup(jsonResponse(422, body))
    const err = (await client.post('/elders', {}).catch((e) => e)) as ApiError
    expect(err.fieldErrors).toEqual({ name: '姓名为必填项', id_number: '身份证号校验位错误' })
  })

  it('leaves a 409 that names a field (a duplicate ID number) to the form', async () => {
    const body = { error: { code: 'elder.id_number_duplicate', message: '该身份证号已登记在册', field: 'id_number' } }
    const { client, hooks } = setup(jsonResponse(409, body))
    const err = (await client.post('/elders', {}).catch((e) => e)) as ApiError
    expect(err.status).toBe(409)
    expect(err.fieldErrors).toEqual({ id_number: '该身份证号已登记在册' })
    expect(hooks.notifyError).not.toHaveBeenCalled()
  })

  it('shows one toast for an error that names no field', async () => {
    const { client, hooks } = setup(jsonResponse(403, { error: { code: 'forbidden', message: '没有权限' } }))
    const err = (await client.get('/users').catch((e) => e)) as ApiError
    expect(hooks.notifyError).toHaveBeenCalledTimes(1)
    expect(hooks.notifyError).toHaveBeenCalledWith('没有权限')
    expect(err.notified).toBe(true)
  })

  it('does not toast codes the caller handles itself', async () => {
    const { client, hooks } = setup(jsonResponse(409, { error: { code: 'conflict.stale_version', message: '已被修改' } }))
    const err = (await client.put('/elders/1', {}, { quietCodes: ['conflict.stale_version'] }).catch((e) => e)) as ApiError
    expect(err.status).toBe(409)
    expect(hooks.notifyError).not.toHaveBeenCalled()
  })

  it('sends the user to sign in on 401, without a toast', async () => {
    const { client, hooks } = setup(jsonResponse(401, { error: { code: 'auth.unauthenticated', message: '请先登录' } }))
    await expect(client.get('/elders')).rejects.toBeInstanceOf(ApiError)
    expect(hooks.onUnauthorized).toHaveBeenCalledTimes(1)
    expect(hooks.notifyError).not.toHaveBeenCalled()
  })

  it('leaves 401 to the caller when asked (sign-in page)', async () => {
    const { client, hooks } = setup(jsonResponse(401, { error: { code: 'auth.invalid_credentials', message: '用户名或密码错误' } }))
    const err = (await client.post('/auth/login', {}, { skipAuthRedirect: true }).catch((e) => e)) as ApiError
    expect(err.code).toBe('auth.invalid_credentials')
    expect(hooks.onUnauthorized).not.toHaveBeenCalled()
  })

  it('keeps response headers (Retry-After on 429)', async () => {
    const { client } = setup(jsonResponse(429, { error: { code: 'auth.locked', message: '已锁定' } }, { 'Retry-After': '600' }))
    const err = (await client.post('/auth/login', {}, { skipAuthRedirect: true, quietCodes: ['auth.locked'] }).catch((e) => e)) as ApiError
    expect(err.headers?.get('Retry-After')).toBe('600')
  })

  it('keeps the import report of a 422 body', async () => {
    const report = { dry_run: false, total_rows: 3, valid_rows: 2, created: 0, updated: 0, errors: [{ row: 3, field: 'id_number', code: 'x', message: 'y' }] }
    const { client, hooks } = setup(jsonResponse(422, { error: { code: 'import.has_errors', message: '有错误' }, report }))
    const err = (await client.post('/elders/import', {}, { quietCodes: ['import.has_errors'] }).catch((e) => e)) as ApiError
    expect(err.body?.report).toEqual(report)
    expect(hooks.notifyError).not.toHaveBeenCalled()
  })

  it('uses a translated fallback when the body is not the envelope', async () => {
    const { client, hooks } = setup(new Response('<html>bad gateway</html>', { status: 502 }))
    const err = (await client.get('/elders').catch((e) => e)) as ApiError
    expect(err.code).toBe('http.502')
    expect(hooks.notifyError).toHaveBeenCalledWith('服务器出错（502）')
  })

  it('reports a network failure once', async () => {
    const { client, hooks } = setup(() => Promise.reject(new TypeError('Failed to fetch')))
    const err = (await client.get('/elders').catch((e) => e)) as ApiError
    expect(err.status).toBe(0)
    expect(hooks.notifyError).toHaveBeenCalledWith('网络异常')
  })
})

describe('normalizeFieldPath', () => {
  it('turns index brackets into dots', () => {
    expect(normalizeFieldPath('contacts[1].phone')).toBe('contacts.1.phone')
    expect(normalizeFieldPath('name')).toBe('name')
    expect(normalizeFieldPath('a[0].b[2].c')).toBe('a.0.b.2.c')
  })
})
