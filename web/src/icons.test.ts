import { describe, expect, it } from 'vitest'
import * as all from '@element-plus/icons-vue'
import { icons } from './icons'

// Every icon the source names (a quoted name such as icon="Search" or icon: 'Cpu', or a tag such
// as <Phone />) must be registered, and nothing else: the list stays exactly what is used.
const sources = import.meta.glob<string>(['./**/*.vue', './**/*.ts', '!./**/*.test.ts', '!./icons.ts', '!./icon-set.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

function usedIcons(): Set<string> {
  const names = new Set(Object.keys(all))
  const used = new Set<string>()
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/['"]([A-Z][A-Za-z]+)['"]|<([A-Z][A-Za-z]+)[\s/>]/g)) {
      const name = m[1] ?? m[2]
      if (names.has(name)) used.add(name)
    }
  }
  return used
}

describe('icons', () => {
  it('registers every icon the source names, and only those', () => {
    expect(Object.keys(icons).sort()).toEqual([...usedIcons()].sort())
  })
})
