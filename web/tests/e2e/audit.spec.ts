import { expect, test } from '@playwright/test'
import { login, shot } from './helpers'

// 审计日志 shows each entry's summary in the UI's language (the server stores both and answers in
// the request's Accept-Language), and switches with the language without a reload.
test('audit summaries follow the UI language', async ({ page }) => {
  await login(page, 'admin') // this sign-in is the newest entry
  await page.goto('/system/audit')
  const table = page.getByTestId('audit-table')
  // Columns: expand, time, actor, action, entity, summary, address.
  const summary = table.locator('.el-table__body tr').first().locator('td').nth(5)
  await expect(summary).toHaveText('登录')
  await expect(table.locator('.el-table__body')).not.toContainText('signed in')
  await shot(page, 'audit-01-zh', false)

  await page.getByTestId('lang-switch').first().click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'English' }).click()
  await expect(summary).toHaveText('signed in')
  await shot(page, 'audit-02-en', false)

  // Back to Chinese for whoever runs next in this browser profile.
  await page.getByTestId('lang-switch').first().click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '简体中文' }).click()
  await expect(summary).toHaveText('登录')
})
