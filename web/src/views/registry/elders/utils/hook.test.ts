import { describe, expect, it } from 'vitest'
import { ageRange, toQuery } from './hook'

describe('elder list filters', () => {
  it('maps age bands to age_min / age_max', () => {
    expect(ageRange('')).toEqual({})
    expect(ageRange('60')).toEqual({ age_min: 60, age_max: 69 })
    expect(ageRange('80')).toEqual({ age_min: 80, age_max: 89 })
    expect(ageRange('90')).toEqual({ age_min: 90 })
  })

  it('sends only the filters that are set', () => {
    expect(
      toQuery({ q: '  王 ', community_id: 102, age_band: '70', living_status: 'alone', category: '', sex: '', status: 'active' }, '-age'),
    ).toEqual({
      q: '王',
      community_id: 102,
      age_min: 70,
      age_max: 79,
      living_status: 'alone',
      category: undefined,
      sex: undefined,
      status: 'active',
      sort: '-age',
    })
  })
})
