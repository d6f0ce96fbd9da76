import { ElMessage } from 'element-plus'
import type { ApiError } from '@/api/request'

/**
 * Field errors for a form: the ones whose path matches a field the form shows are returned for
 * the form items; any others (a field the form does not show) are toasted so none is lost.
 * `shown` lists field names or prefixes (`contacts` covers `contacts.1.phone`).
 */
export function formErrors(err: ApiError, shown: string[]): Record<string, string> {
  const all = err.fieldErrors
  const out: Record<string, string> = {}
  const lost: string[] = []
  for (const [path, message] of Object.entries(all)) {
    if (shown.some((f) => path === f || path.startsWith(`${f}.`))) out[path] = message
    else lost.push(message)
  }
  if (lost.length && !err.notified) ElMessage.error({ message: lost.join('；'), grouping: true, showClose: true })
  return out
}
