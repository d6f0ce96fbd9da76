import { expect, test, type Download } from '@playwright/test'
import { login, shot } from './helpers'

async function downloadedBytes(d: Download): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of await d.createReadStream()) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

async function downloaded(d: Download): Promise<string> {
  return (await downloadedBytes(d)).toString('utf8')
}

// 设备管理 → 批量导入: the Excel template goes out and comes back; a file with a mistake is checked (校验) and every row error is listed; the
// corrected file is imported, the count is shown with the one-time "下载设备密钥" button, and the
// downloaded file holds each device's secret.
test('bulk import devices from Excel or CSV and download their secrets once', async ({ page }) => {
  await login(page, 'guanzhuang')
  // An elder of the staff member's community, with the full ID number (revealed, audited).
  const me = await (await page.request.get('/api/v1/me')).json()
  const csrf = me.csrf_token as string
  const elders = await (await page.request.get('/api/v1/elders?status=active&size=1&sort=name')).json()
  const elder = elders.items[0] as { id: number; name: string }
  const rev = await page.request.post(`/api/v1/elders/${elder.id}/reveal`, {
    headers: { 'X-CSRF-Token': csrf },
    data: { field: 'id_number' },
  })
  expect(rev.ok(), await rev.text()).toBeTruthy()
  const idNumber = (await rev.json()).value as string

  const p = `TZ-IMP-${Date.now().toString(36).toUpperCase()}`
  const rows = (type2: string) =>
    [
      '序列号,类型,老人身份证号,安装位置,备注',
      `${p}-1,SOS呼叫器,${idNumber},卧室床头,`,
      `${p}-2,${type2},${idNumber},门口,`,
      `${p}-3,烟感,,,"库存, 备用"`,
    ].join('\r\n') + '\r\n'

  await page.goto('/monitoring/devices')
  await page.getByTestId('device-import').click()
  const dialog = page.getByTestId('import-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('下载模板')

  // The template is an Excel workbook; sent back as it is, its example row is checked like any
  // other (its ID number is nobody's here).
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
  expect(template.suggestedFilename()).toBe('设备批量导入模板.xlsx')
  const book = await downloadedBytes(template)
  expect(book.subarray(0, 2).toString('latin1')).toBe('PK')
  await dialog.locator('input[type=file]').setInputFiles({
    name: '设备批量导入模板.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: book,
  })
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-errors')).toContainText('第2行 老人身份证号')
  await expect(page.getByTestId('import-commit')).toBeDisabled()

  // A file with an unknown type: 校验 lists the error with its row and column; 导入 stays off.
  await dialog.locator('input[type=file]').setInputFiles({ name: 'devices.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + rows('电冰箱'), 'utf8') })
  await expect(page.getByTestId('import-file')).toContainText('devices.csv')
  await page.getByTestId('import-check').click()
  const errors = page.getByTestId('import-errors')
  await expect(errors).toBeVisible()
  await expect(errors).toContainText('第3行 类型：“电冰箱”不是设备类型')
  await expect(page.getByTestId('import-commit')).toBeDisabled()
  await shot(page, 'device-import-01-errors')

  // The corrected file passes the check and is imported.
  await dialog.locator('input[type=file]').setInputFiles({ name: 'devices-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + rows('门磁'), 'utf8') })
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-ok')).toContainText('3')
  await expect(page.getByTestId('import-preview')).toContainText(elder.name)
  await shot(page, 'device-import-02-checked')
  await page.getByTestId('import-commit').click()

  const done = page.getByTestId('import-done')
  await expect(done).toContainText('已导入 3 台设备')
  const button = page.getByTestId('import-download-secrets')
  await expect(button).toContainText('下载设备密钥（仅此一次）')
  await shot(page, 'device-import-03-done')

  const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
  expect(download.suggestedFilename()).toMatch(/^设备密钥-机密-\d{8}-\d{4}\.csv$/)
  const lines = (await downloaded(download)).replace('\uFEFF', '').trim().split('\r\n')
  expect(lines[0]).toBe('序列号,类型,密钥（机密）,绑定老人,安装位置')
  expect(lines).toHaveLength(4)
  const secret1 = lines[1].split(',')[2]
  expect(lines[1].startsWith(`${p}-1,SOS呼叫器,`)).toBeTruthy()
  expect(secret1).toMatch(/^[A-Za-z0-9_-]{32}$/)
  await expect(page.getByTestId('import-secrets-saved')).toBeVisible()
  await page.getByTestId('import-close').click()
  await expect(dialog).toBeHidden()

  // The devices are listed; the secret is nowhere any more.
  await page.getByTestId('device-search').fill(p)
  await page.getByTestId('device-search').press('Enter')
  await expect(page.getByTestId('device-table').locator('.el-table__body tr', { hasText: p })).toHaveCount(3)
  await expect(page.locator('body')).not.toContainText(secret1)
  const listed = await page.request.get(`/api/v1/devices?q=${p}`)
  expect(await listed.text()).not.toContain(secret1)
  await shot(page, 'device-import-04-listed')
})
