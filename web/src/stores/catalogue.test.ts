import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const catalogue = {
  groups: [
    {
      module: 'registry',
      name: '档案管理',
      permissions: [
        { code: 'registry:elder:view', name: '查看老人档案', default_roles: ['street_admin'] },
        { code: 'registry:elder:edit', name: '编辑老人', default_roles: ['street_admin'] },
      ],
    },
    { module: 'system', name: '系统管理', permissions: [{ code: 'system:audit:view', name: '查看审计日志', default_roles: ['auditor'] }] },
  ],
}
const getPermissionCatalogue = vi.fn(async () => catalogue)
vi.mock('@/api/catalogue', () => ({ getPermissionCatalogue: () => getPermissionCatalogue() }))

const { useCatalogueStore } = await import('./catalogue')

beforeEach(() => {
  setActivePinia(createPinia())
  getPermissionCatalogue.mockClear()
})

describe('the permission catalogue', () => {
  it('names permissions and lists them in catalogue order', async () => {
    const c = useCatalogueStore()
    await c.load('zh-CN')
    expect(c.codes).toEqual(['registry:elder:view', 'registry:elder:edit', 'system:audit:view'])
    expect(c.label('registry:elder:edit')).toBe('编辑老人')
    expect(c.label('unknown:code')).toBe('unknown:code')
  })

  it('groups a role\'s permissions by module, unknown codes last', async () => {
    const c = useCatalogueStore()
    await c.load('zh-CN')
    expect(c.grouped(['system:audit:view', 'x:y:z', 'registry:elder:edit', 'registry:elder:view'])).toEqual([
      { module: 'registry', name: '档案管理', codes: ['registry:elder:view', 'registry:elder:edit'] },
      { module: 'system', name: '系统管理', codes: ['system:audit:view'] },
      { module: '', name: '', codes: ['x:y:z'] },
    ])
  })

  it('asks once per language', async () => {
    const c = useCatalogueStore()
    await Promise.all([c.load('zh-CN'), c.load('zh-CN')])
    await c.load('zh-CN')
    expect(getPermissionCatalogue).toHaveBeenCalledTimes(1)
    await c.load('en')
    expect(getPermissionCatalogue).toHaveBeenCalledTimes(2)
  })
})
