import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError } from '@/api/request'
import type { ErrorEnvelope } from '@/types/api'
import { useServerForm } from './useServerForm'

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }))

function form(valid: boolean) {
  return ref({ validate: vi.fn(async () => (valid ? true : Promise.reject(new Error('invalid')))), clearValidate: vi.fn() } as unknown as FormInstance)
}
const fieldError = (field: string, message: string) =>
  new ApiError(422, { error: { code: 'validation.failed', message, field, details: [] } } as ErrorEnvelope)

describe('useServerForm', () => {
  it('does not send an invalid form', async () => {
    const { submit } = useServerForm(form(false), ['name'])
    const send = vi.fn(async () => {})
    expect(await submit(send)).toBe(false)
    expect(send).not.toHaveBeenCalled()
  })

  it('sends a valid form with saving on, and says it went through', async () => {
    const { submit, saving, errors } = useServerForm(form(true), ['name'])
    errors.value = { name: 'old' }
    let during = false
    expect(await submit(async () => void (during = saving.value))).toBe(true)
    expect(during).toBe(true)
    expect(saving.value).toBe(false)
    expect(errors.value).toEqual({})
  })

  it('puts the server\'s field errors on the form items', async () => {
    const { submit, errors, saving } = useServerForm(form(true), ['name'])
    expect(await submit(() => Promise.reject(fieldError('name', 'taken')))).toBe(false)
    expect(errors.value).toEqual({ name: 'taken' })
    expect(saving.value).toBe(false)
  })

  it('lets the caller handle an error first', async () => {
    const { submit, errors } = useServerForm(form(true), ['name'])
    const onError = vi.fn(() => true)
    expect(await submit(() => Promise.reject(fieldError('name', 'taken')), onError)).toBe(false)
    expect(onError).toHaveBeenCalled()
    expect(errors.value).toEqual({})
  })

  it('reset forgets the errors and the validation marks', () => {
    const f = form(true)
    const { reset, errors } = useServerForm(f, ['name'])
    errors.value = { name: 'x' }
    reset()
    expect(errors.value).toEqual({})
    expect(f.value!.clearValidate).toHaveBeenCalled()
  })
})
