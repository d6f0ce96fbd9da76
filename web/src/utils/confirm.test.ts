import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ElMessageBox } from 'element-plus'
import { confirmAction } from './confirm'

vi.mock('element-plus', () => ({ ElMessageBox: { confirm: vi.fn() } }))
const confirm = vi.mocked(ElMessageBox.confirm)

describe('confirmAction', () => {
  beforeEach(() => confirm.mockReset())

  it('is true when the user confirms, with a warning and the common buttons', async () => {
    confirm.mockResolvedValue('confirm' as never)
    expect(await confirmAction('Archive it?', 'Archive')).toBe(true)
    expect(confirm).toHaveBeenCalledWith('Archive it?', 'Archive', { type: 'warning', confirmButtonText: '确定', cancelButtonText: '取消' })
  })

  it('is false when the user cancels or closes the box', async () => {
    confirm.mockRejectedValueOnce('cancel').mockRejectedValueOnce('close')
    expect(await confirmAction('m', 't')).toBe(false)
    expect(await confirmAction('m', 't')).toBe(false)
  })

  it('takes another type and confirm text', async () => {
    confirm.mockResolvedValue('confirm' as never)
    await confirmAction('m', 't', { type: 'info', confirmText: 'Close' })
    expect(confirm).toHaveBeenCalledWith('m', 't', { type: 'info', confirmButtonText: 'Close', cancelButtonText: '取消' })
  })
})
