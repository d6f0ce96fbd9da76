import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { moduleFiles } from './modules'

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

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
    expect(Object.keys(enF).map((f) => f.replace('.en.ts', '')).sort()).toEqual([...topics].sort())
    const seen = new Set(Object.keys(zhCN))
    for (const t of topics) {
      const z = zh[`${t}.zh-CN.ts`] as Record<string, unknown>
      const e = enF[`${t}.en.ts`] as Record<string, unknown>
      expect(keys(e).sort(), t).toEqual(keys(z).sort())
      for (const top of Object.keys(z)) {
        expect(seen.has(top), `${t}: top-level key ${top} repeats`).toBe(false)
        seen.add(top)
      }
    }
  })

  it('has labels for every enum code of the API', () => {
    expect(Object.keys(zhCN.enums.living_status)).toEqual(['alone', 'empty_nest', 'with_family', 'institution', 'other'])
    expect(Object.keys(zhCN.enums.category)).toHaveLength(8)
    expect(Object.keys(zhCN.enums.relation)).toHaveLength(7)
    expect(Object.keys(zhCN.enums.role)).toHaveLength(8)
    expect(Object.keys(zhCN.perm)).toHaveLength(19)
  })

  it('uses no characters vue-i18n would treat as syntax', () => {
    for (const [lang, msgs] of [['zh-CN', zhCN], ['en', en]] as const) {
      const flat = keys(msgs as Record<string, unknown>)
      for (const k of flat) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], msgs) as string
        expect(v, `${lang} ${k}`).not.toMatch(/[@|$%]/)
      }
    }
  })
})
