import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { moduleFiles } from './modules'
import { i18n } from './index'

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

const merged = (lang: 'zh-CN' | 'en') => i18n.global.getLocaleMessage(lang) as unknown as Record<string, unknown>

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    const zk = keys(zhCN).sort()
    const ek = keys(en).sort()
    expect(ek.filter((k) => !zk.includes(k))).toEqual([])
    expect(zk.filter((k) => !ek.includes(k))).toEqual([])
  })

  it('module files come in zh-CN/en pairs with the same keys and no clashes', () => {
    const zh = moduleFiles['zh-CN']
    const enF = moduleFiles.en
    const topics = Object.keys(zh).map((f) => f.replace('.zh-CN.ts', ''))
    expect(topics.length).toBeGreaterThan(0)
    expect(Object.keys(enF).map((f) => f.replace('.en.ts', '')).sort()).toEqual([...topics].sort())
    const seen = new Map(keys(zhCN).map((k) => [k, 'base']))
    for (const t of topics) {
      const zk = keys(zh[`${t}.zh-CN.ts`] as Record<string, unknown>).sort()
      const ek = keys(enF[`${t}.en.ts`] as Record<string, unknown>).sort()
      expect(ek.filter((k) => !zk.includes(k)), `${t}: only in en`).toEqual([])
      expect(zk.filter((k) => !ek.includes(k)), `${t}: only in zh-CN`).toEqual([])
      for (const k of zk) {
        expect(seen.get(k), `${t}: ${k} is defined in ${seen.get(k)} too`).toBeUndefined()
        seen.set(k, t)
      }
    }
    // A key that is a string in one file and a group in another would hide one of them.
    for (const k of seen.keys()) {
      const parts = k.split('.')
      for (let i = 1; i < parts.length; i++) expect(seen.has(parts.slice(0, i).join('.')), `${k}: its parent is a string`).toBe(false)
    }
  })

  it('the merged messages hold every base and module string, the same in both languages', () => {
    const mk = keys(merged('zh-CN')).sort()
    for (const k of keys(zhCN)) expect(mk).toContain(k)
    for (const f of Object.values(moduleFiles['zh-CN'])) for (const k of keys(f as Record<string, unknown>)) expect(mk).toContain(k)
    expect(keys(merged('en')).sort()).toEqual(mk)
  })

  it('holds no permission names: they come from the server (GET /permissions)', () => {
    expect(merged('zh-CN').perm).toBeUndefined()
    expect(merged('en').perm).toBeUndefined()
  })

  it('the base files hold only app-wide strings', () => {
    expect(Object.keys(zhCN).sort()).toEqual(['app', 'common', 'header', 'home', 'lang', 'login', 'menu', 'password'])
    expect(Object.keys(zhCN.menu).sort()).toEqual(['home', 'password'])
  })

  it('has labels for every enum code of the API', () => {
    const m = merged('zh-CN') as { enums: Record<string, Record<string, string>> }
    expect(Object.keys(m.enums.living_status)).toEqual(['alone', 'empty_nest', 'with_family', 'institution', 'other'])
    expect(Object.keys(m.enums.category)).toHaveLength(8)
    expect(Object.keys(m.enums.relation)).toHaveLength(7)
    expect(Object.keys(m.enums.role)).toHaveLength(8)
  })

  it('uses no characters vue-i18n would treat as syntax', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const msgs = merged(lang)
      for (const k of keys(msgs)) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], msgs) as string
        expect(v, `${lang} ${k}`).not.toMatch(/[@|$%]/)
      }
    }
  })
})
