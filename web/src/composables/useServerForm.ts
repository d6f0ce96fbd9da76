import { ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError } from '@/api/request'
import { formErrors } from '@/utils/form-errors'

/**
 * A form that the server checks too: validate, send with `saving` on, and put the error
 * envelope's field errors on the form items (`:error="errors.name"`); a field error for a field
 * the form does not show, and any other error, is toasted (by formErrors and the request client).
 *
 *   const formRef = ref<FormInstance>()      // <el-form ref="formRef">
 *   const { saving, errors, reset, submit } = useServerForm(formRef, ['name', 'unit'])
 *   watch(open, (v) => v && (fill(), reset()))
 *   async function save() {
 *     if (await submit(() => createThing(body))) open.value = false
 *   }
 *
 * `fields` lists the API's field names (or prefixes: `contacts` covers `contacts.1.phone`).
 */
export function useServerForm(formRef: Ref<FormInstance | undefined>, fields: readonly string[]) {
  const saving = ref(false)
  const errors = ref<Record<string, string>>({})

  /** Forgets the server's errors and the validation marks (a dialog opening again). */
  function reset() {
    errors.value = {}
    formRef.value?.clearValidate()
  }

  /**
   * Validates the form, then runs `send`. True when it went through. `onError` sees an API error
   * first and returns true when it dealt with it (a conflict, an error shown elsewhere).
   */
  async function submit(send: () => Promise<unknown>, onError?: (e: ApiError) => boolean): Promise<boolean> {
    errors.value = {}
    if (!(await formRef.value?.validate().catch(() => false))) return false
    saving.value = true
    try {
      await send()
      return true
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (!onError?.(e) && e.hasFieldErrors) errors.value = formErrors(e, [...fields])
      return false
    } finally {
      saving.value = false
    }
  }

  return { saving, errors, reset, submit }
}
