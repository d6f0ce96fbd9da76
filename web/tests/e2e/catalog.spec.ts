import { expect, test, type Page } from '@playwright/test'
import { login, pickOption, shot } from './helpers'

// 服务目录 (the catalog module): list with a category filter, create and edit in a dialog, the
// server's field errors beside the field, a stale version reloads, and read-only roles.

const unique = () => `测试项目${Date.now().toString(36).slice(-5)}`

async function openCatalog(page: Page) {
  await page.locator('.el-menu').getByText('服务目录', { exact: true }).click()
  await expect(page).toHaveURL(/\/catalog$/)
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
}

test('list, filter, create and edit service items', async ({ page }) => {
  await login(page, 'admin')
  await openCatalog(page)
  const table = page.getByTestId('catalog-table')
  await expect(table.locator('.el-table__body tr').first()).toBeVisible()

  // The category filter goes to the URL and narrows the rows.
  await pickOption(page, page.getByTestId('catalog-category'), '健康管理')
  await expect(page).toHaveURL(/category=health/)
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  const cats = await table.locator('.el-table__body tr td:first-child').allInnerTexts()
  expect(cats.length).toBeGreaterThan(0)
  for (const c of cats) expect(c.trim()).toBe('健康管理')
  await page.reload()
  await expect(page.getByTestId('catalog-category')).toContainText('健康管理')

  // Create: price in yuan, shown per unit.
  const name = unique()
  await page.getByTestId('catalog-add').click()
  const dialog = page.getByTestId('catalog-dialog')
  await pickOption(page, dialog.getByTestId('catalog-form-category'), '健康管理')
  await dialog.getByTestId('catalog-item-name').locator('input').fill(name)
  await dialog.getByText('按小时').click()
  await dialog.getByTestId('catalog-item-duration').locator('input').fill('60')
  await dialog.getByTestId('catalog-item-price').locator('input').fill('12.5')
  await dialog.getByTestId('catalog-save').click()
  await expect(page.locator('.el-message--success', { hasText: '已新增服务项目' })).toBeVisible()
  const row = table.locator('.el-table__body tr', { hasText: name })
  await expect(row).toContainText('¥12.50 / 小时')
  await expect(row).toContainText('60 分钟')
  await shot(page, 'catalog-list', false)

  // The same name again in the category: the server's 409 lands on the name field, no toast.
  await page.getByTestId('catalog-add').click()
  await pickOption(page, dialog.getByTestId('catalog-form-category'), '健康管理')
  await dialog.getByTestId('catalog-item-name').locator('input').fill(name)
  await dialog.getByTestId('catalog-item-duration').locator('input').fill('30')
  await dialog.getByTestId('catalog-item-price').locator('input').fill('5')
  await dialog.getByTestId('catalog-save').click()
  await expect(dialog.getByTestId('catalog-item-name').locator('.el-form-item__error')).toHaveText('该服务类别下已有同名项目')
  await expect(page.locator('.el-message--error')).toHaveCount(0)

  // A field error from the envelope (control character in the name) shows beside the field.
  await dialog.getByTestId('catalog-item-name').locator('input').fill(`${name}\u0007`)
  await dialog.getByTestId('catalog-save').click()
  await expect(dialog.getByTestId('catalog-item-name').locator('.el-form-item__error')).not.toBeEmpty()
  await shot(page, 'catalog-field-error', false)
  await dialog.getByRole('button', { name: '取消' }).click()

  // Edit: new price, retire it.
  await row.getByRole('button', { name: '编辑' }).click()
  await expect(dialog.getByTestId('catalog-item-name').locator('input')).toHaveValue(name)
  await dialog.getByTestId('catalog-item-price').locator('input').fill('20')
  await dialog.locator('.el-switch').click()
  await dialog.getByTestId('catalog-save').click()
  // The first toast may still be fading out; look for this one by its text.
  await expect(page.locator('.el-message--success', { hasText: '已保存服务项目' })).toBeVisible()
  await expect(row).toContainText('¥20.00 / 小时')
  await expect(row).toContainText('停用')

  // Someone else saves meanwhile: our save is refused as stale and the list reloads.
  await row.getByRole('button', { name: '编辑' }).click()
  const items = (await (await page.request.get('/api/v1/service-items?category=health')).json()).items as { id: number; name: string }[]
  const item = items.find((i) => i.name === name) as unknown as Record<string, unknown>
  const csrf = ((await (await page.request.get('/api/v1/me')).json()) as { csrf_token: string }).csrf_token
  const other = await page.request.put(`/api/v1/service-items/${item.id}`, {
    data: { ...item, id: undefined, price_fen: 3000 },
    headers: { 'X-CSRF-Token': csrf },
  })
  expect(other.status()).toBe(200)
  await dialog.getByTestId('catalog-item-price').locator('input').fill('25')
  await dialog.getByTestId('catalog-save').click()
  await expect(page.locator('.el-message--error')).toBeVisible()
  await expect(dialog).toBeHidden()
  await expect(row).toContainText('¥30.00 / 小时')
})

test('a family member may read the catalogue but not change it; a building leader does not see it', async ({ page }) => {
  await login(page, 'family')
  await openCatalog(page)
  await expect(page.getByTestId('catalog-table').locator('.el-table__body tr').first()).toBeVisible()
  await expect(page.getByTestId('catalog-add')).toHaveCount(0)
  await expect(page.getByTestId('catalog-table').getByRole('button', { name: '编辑' })).toHaveCount(0)

  await page.context().clearCookies()
  await login(page, 'louzhang')
  await expect(page.locator('.el-menu').getByText('服务目录', { exact: true })).toHaveCount(0)
  await page.goto('/catalog')
  await expect(page).toHaveURL(/\/403$/)
})

test('the catalogue on a phone is a list of cards', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await login(page, 'admin')
  await page.goto('/catalog')
  await expect(page.getByTestId('catalog-cards').locator('.c-card').first()).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await shot(page, 'catalog-phone', false)
})
