import { describe, expect, it } from 'vitest'
import { csvField, csvText, safeText, secretsCsv, stampedName } from './importCsv'
import type { DeviceImportReport } from '@/types/api'

describe('device import CSV files', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('abc')).toBe('abc')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
  })

  it('writes a BOM and CRLF rows', () => {
    expect(csvText([['a', 'b'], ['1', '2']])).toBe('\uFEFFa,b\r\n1,2\r\n')
  })

  it('keeps serials and secrets as they are and defuses formulas in free text', () => {
    expect(safeText('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`)
    expect(safeText('卧室')).toBe('卧室')
    const report: DeviceImportReport = {
      dry_run: false,
      total_rows: 2,
      valid_rows: 2,
      created: 2,
      errors: [],
      devices: [
        { row: 2, id: 7, serial: 'TZ-1', type: 'sos_pendant', location: '卧室, 床头', elder: { id: 1, name: '张秀英' }, secret: '-abc_def' },
        { row: 3, id: 8, serial: 'TZ-2', type: 'door_sensor', location: '+1', elder: null, secret: 'xyz' },
      ],
    }
    const text = secretsCsv(report, { serial: 'S', type: 'T', secret: 'K', elder: 'E', location: 'L' }, (t) => t.toUpperCase())
    expect(text).toBe('\uFEFFS,T,K,E,L\r\nTZ-1,SOS_PENDANT,-abc_def,张秀英,"卧室, 床头"\r\nTZ-2,DOOR_SENSOR,xyz,,\'+1\r\n')
  })

  it('stamps file names with the local time', () => {
    expect(stampedName('x', new Date(2026, 10, 29, 9, 5))).toBe('x-20261129-0905.csv')
  })
})
