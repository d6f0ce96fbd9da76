import { expect, test, type Page } from '@playwright/test'
import { login, phonePage, shot } from './helpers'

// Every page renders for the sub-district admin, on a desk and on a phone, in Chinese and in
// English, without untranslated message keys. Read-only: nothing is changed.
const PAGES = [
  ['home', '/home'],
  ['elders', '/registry/elders'],
  ['elder-new', '/registry/elders/new'],
  ['import', '/registry/import'],
  ['org', '/system/org'],
  ['users', '/system/users'],
  ['roles', '/system/roles'],
  ['audit', '/system/audit'],
  ['password', '/password'],
  ['account', '/account'],
] as const

const KEY_LEFTOVER = /\b(app|common|menu|header|login|password|home|enums|elder|import|org|user|role|audit|lang|account)\.[a-zA-Z_]+/

async function visitAll(page: Page, prefix: string) {
  for (const [name, path] of PAGES) {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
    // The page's own text, without table bodies (those hold server data such as audit summaries).
    const text = await page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.el-table__body').forEach((n) => n.remove())
      return copy.innerText || copy.textContent || ''
    })
    expect(text, `${path} shows a message key`).not.toMatch(KEY_LEFTOVER)
    await shot(page, `${prefix}-${name}`, false)
  }
}

test('all pages on a desk, in Chinese', async ({ page }) => {
  await login(page, 'admin')
  await visitAll(page, 'desk-zh')
  // The first elder's detail page.
  await page.goto('/registry/elders')
  await page.getByTestId('elder-table').locator('.el-table__body tr').first().locator('a, .el-link').first().click()
  await expect(page.getByTestId('elder-detail')).toBeVisible()
  await shot(page, 'desk-zh-elder-detail', false)
})

test('all pages on a phone', async ({ browser }) => {
  const { context, page } = await phonePage(browser)
  await page.goto('/login')
  await shot(page, 'phone-login', false)
  await login(page, 'admin')
  await visitAll(page, 'phone-zh')
  await page.goto('/registry/elders')
  await page.locator('.elder-card').first().click()
  await expect(page.getByTestId('elder-detail')).toBeVisible()
  await shot(page, 'phone-zh-elder-detail', true)
  // The side menu opens as a drawer.
  await page.getByRole('button', { name: '展开/收起菜单' }).click()
  await expect(page.locator('.menu-drawer .el-menu').first()).toBeVisible()
  await shot(page, 'phone-zh-menu', false)
  await context.close()
})

test('English is selectable and remembered', async ({ page }) => {
  await login(page, 'admin')
  await page.getByTestId('lang-switch').first().click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'English' }).click()
  await expect(page.getByText('Hello,')).toBeVisible()
  await page.reload()
  await expect(page.getByText('Hello,')).toBeVisible()
  await visitAll(page, 'desk-en')
  // Back to Chinese for whoever runs next in this browser profile.
  await page.getByTestId('lang-switch').first().click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '简体中文' }).click()
  await expect(page.getByText('审计日志').first()).toBeVisible()
})
