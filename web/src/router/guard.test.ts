import { describe, expect, it } from 'vitest'
import type { RouteMeta } from 'vue-router'
import { decide, type GuardUser } from './guard'

function route(name: string, fullPath: string, ...metas: RouteMeta[]) {
  return { name, fullPath, meta: metas[metas.length - 1] ?? {}, matched: metas.map((meta) => ({ meta })) } as unknown as Parameters<typeof decide>[0]
}

const admin: GuardUser = { signedIn: true, mustChangePassword: false, permissions: ['registry:elder:view', 'registry:elder:create', 'system:user:view'] }
const guest: GuardUser = { signedIn: false, mustChangePassword: false, permissions: [] }

describe('router guard', () => {
  it('lets anyone see public pages, but sends a signed-in user from /login home', () => {
    expect(decide(route('login', '/login', { public: true }), guest)).toBe(true)
    expect(decide(route('login', '/login', { public: true }), admin)).toEqual({ path: '/home' })
  })

  it('sends a guest to sign in, remembering where they were going', () => {
    expect(decide(route('elders', '/registry/elders?q=王', {}, { permission: 'registry:elder:view' }), guest)).toEqual({
      name: 'login',
      query: { redirect: '/registry/elders?q=王' },
    })
    expect(decide(route('home', '/home', {}), guest)).toEqual({ name: 'login', query: {} })
  })

  it('forces a password change before anything else', () => {
    const user = { ...admin, mustChangePassword: true }
    expect(decide(route('elders', '/registry/elders', { permission: 'registry:elder:view' }), user)).toEqual({ name: 'password' })
    expect(decide(route('password', '/password', {}), user)).toBe(true)
  })

  it('needs every permission along the matched routes', () => {
    expect(decide(route('elder-new', '/registry/elders/new', { permission: ['registry:elder:view', 'registry:elder:import'] }, { permission: 'registry:elder:create' }), admin)).toBe(true)
    expect(decide(route('elder-edit', '/registry/elders/1/edit', { permission: 'registry:elder:view' }, { permission: 'registry:elder:edit' }), admin)).toEqual({ name: 'forbidden' })
    expect(decide(route('audit', '/system/audit', { permission: ['system:org:view', 'system:user:view'] }, { permission: 'system:audit:view' }), admin)).toEqual({ name: 'forbidden' })
  })
})
