import { describe, expect, it } from 'vitest'
import { fenToYuan, formatYuan, yuanToFen } from './money'

describe('catalog money', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatYuan(1250)).toBe('¥12.50')
    expect(formatYuan(0)).toBe('¥0.00')
    expect(formatYuan(5)).toBe('¥0.05')
    expect(formatYuan(123456789)).toBe('¥1,234,567.89')
    expect(formatYuan(-5)).toBe('-¥0.05')
  })

  it('converts between yuan and fen without float noise', () => {
    expect(yuanToFen(12.5)).toBe(1250)
    expect(yuanToFen(0.1 + 0.2)).toBe(30)
    expect(yuanToFen(19.99)).toBe(1999)
    expect(fenToYuan(1999)).toBe(19.99)
  })
})
