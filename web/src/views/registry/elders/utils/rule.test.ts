import { describe, expect, it } from 'vitest'
import { idNumberMessage } from './rule'
import { withCheckChar } from '@/utils/idcard'

// A fake translator that shows which message and values were chosen.
const t = (key: string, named?: Record<string, unknown>) => (named ? `${key} ${JSON.stringify(named)}` : key)
const TODAY = '2026-11-29'

describe('idNumberMessage', () => {
  it('is empty for a valid number of someone aged 60 or more', () => {
    expect(idNumberMessage(t, '11010519491231002X', TODAY)).toBe('')
    expect(idNumberMessage(t, withCheckChar('37032219661129001'), TODAY)).toBe('')
  })

  it('refuses someone under 60 (age in Asia/Shanghai)', () => {
    expect(idNumberMessage(t, withCheckChar('37032219661130001'), TODAY)).toBe('elder.validation.tooYoung {"age":59}')
  })

  it('explains length, characters, date and check digit problems', () => {
    expect(idNumberMessage(t, '3703221945', TODAY)).toBe('elder.validation.idLength {"n":10}')
    expect(idNumberMessage(t, '37032219450101001Y', TODAY)).toBe('elder.validation.idFormat')
    expect(idNumberMessage(t, withCheckChar('37032219450230001'), TODAY)).toBe('elder.validation.idDate')
    const good = withCheckChar('37032219450101001')
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect(idNumberMessage(t, bad, TODAY)).toBe(`elder.validation.idChecksum {"expected":"${good[17]}"}`)
    expect(idNumberMessage(t, '', TODAY)).toBe('elder.validation.idRequired')
  })
})
