import { describe, expect, it } from 'vitest'
import { initials } from './initials'

describe('initials', () => {
  it('uses the given name of a person', () => {
    expect(initials('王建国')).toBe('建国')
    expect(initials('王丽')).toBe('王丽')
    expect(initials('官庄社区 王丽')).toBe('王丽')
  })

  it('uses the first character of a long title and two letters of a Latin name', () => {
    expect(initials('田镇街道管理员')).toBe('田')
    expect(initials('admin')).toBe('AD')
    expect(initials('')).toBe('?')
    expect(initials(null)).toBe('?')
  })
})
