/**
 * `v-perm="'registry:elder:edit'"` (or a list, any one suffices) removes the element when the
 * signed-in user lacks the permission. The server checks again; this only keeps the UI honest.
 */
import type { Directive, DirectiveBinding } from 'vue'
import { hasPermission, type PermissionNeed } from '@/utils/permission'

export function createPermDirective(getPermissions: () => readonly string[]): Directive<HTMLElement, PermissionNeed> {
  const apply = (el: HTMLElement, binding: DirectiveBinding<PermissionNeed>) => {
    if (!hasPermission(getPermissions(), binding.value)) {
      el.parentNode?.removeChild(el)
    }
  }
  return { mounted: apply }
}
