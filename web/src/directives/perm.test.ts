import { describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { createPermDirective } from './perm'
import { hasPermission } from '@/utils/permission'

function render(granted: string[], need: string | string[] | undefined) {
  const vPerm = createPermDirective(() => granted)
  const Comp = defineComponent({
    render: () => h('div', [withDirectives(h('button', { id: 'b' }, 'edit'), [[vPerm, need]]), h('span', { id: 's' }, 'always')]),
  })
  return mount(Comp)
}

describe('v-perm', () => {
  it('keeps the element when the user has the permission', () => {
    const w = render(['registry:elder:view', 'registry:elder:edit'], 'registry:elder:edit')
    expect(w.find('#b').exists()).toBe(true)
  })

  it('removes the element when the user lacks it', () => {
    const w = render(['registry:elder:view'], 'registry:elder:edit')
    expect(w.find('#b').exists()).toBe(false)
    expect(w.find('#s').exists()).toBe(true)
  })

  it('accepts a list: any one permission suffices', () => {
    expect(render(['system:user:view'], ['system:org:view', 'system:user:view']).find('#b').exists()).toBe(true)
    expect(render(['x'], ['system:org:view', 'system:user:view']).find('#b').exists()).toBe(false)
  })

  it('keeps the element when nothing is required', () => {
    expect(render([], undefined).find('#b').exists()).toBe(true)
  })
})

describe('hasPermission', () => {
  it('matches exact codes only', () => {
    expect(hasPermission(['registry:elder:view'], 'registry:elder')).toBe(false)
    expect(hasPermission(['registry:elder:view'], 'registry:elder:view')).toBe(true)
    expect(hasPermission([], [])).toBe(true)
  })
})
