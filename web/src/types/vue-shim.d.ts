import type { Directive } from 'vue'
import type { PermissionNeed } from '@/utils/permission'

declare module 'vue' {
  interface GlobalDirectives {
    vPerm: Directive<HTMLElement, PermissionNeed>
  }
}

export {}
