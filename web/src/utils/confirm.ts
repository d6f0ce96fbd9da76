import { ElMessageBox } from 'element-plus'
import { i18n } from '@/locales'

export interface ConfirmOptions {
  /** The box's icon and colour; 'warning' unless told. */
  type?: 'warning' | 'info'
  /** The confirm button's text; 确定 / OK (common.confirm) unless told. */
  confirmText?: string
}

/**
 * Asks before an action: true when the user confirms, false when they cancel or close the box.
 * The buttons read common.confirm and common.cancel (the same words Element Plus shows itself).
 */
export function confirmAction(message: string, title: string, options: ConfirmOptions = {}): Promise<boolean> {
  const t = i18n.global.t
  return ElMessageBox.confirm(message, title, {
    type: options.type ?? 'warning',
    confirmButtonText: options.confirmText ?? t('common.confirm'),
    cancelButtonText: t('common.cancel'),
  }).then(
    () => true,
    () => false,
  )
}
