import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'

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

  it('has labels for every enum code of the API', () => {
    expect(Object.keys(zhCN.enums.living_status)).toEqual(['alone', 'empty_nest', 'with_family', 'institution', 'other'])
    expect(Object.keys(zhCN.enums.category)).toHaveLength(8)
    expect(Object.keys(zhCN.enums.relation)).toHaveLength(7)
    expect(Object.keys(zhCN.enums.role)).toHaveLength(8)
    expect(Object.keys(zhCN.perm)).toHaveLength(12)
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
