import { expect, test, type Page } from '@playwright/test'
import { login, phonePage, shot } from './helpers'

// 我的账号: a building leader fills in and confirms their own phone, which escalation level 1
// calls when an elder presses SOS. The demo typed the leaders' numbers, so each starts
// "unconfirmed" with a reminder on the home page. Uses building leaders no other spec signs
// in as (lz03 on a desk, lz04 on a phone).
test.describe.configure({ mode: 'serial' })

async function openAccountFromReminder(page: Page) {
  const reminder = page.getByTestId('phone-reminder')
  await expect(reminder).toBeVisible()
  await page.getByTestId('phone-reminder-link').click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('account-phone')).not.toHaveAttribute('data-state', 'loading')
}

test('a leader confirms the number on the home reminder, a bad number is refused on the field', async ({ page }) => {
  await login(page, 'lz03')
  await expect(page).toHaveURL(/\/home$/)
  const reminder = page.getByTestId('phone-reminder')
  await expect(reminder).toContainText('请确认您的手机号（139****')
  await expect(reminder).toContainText('老人呼叫求助时，社区会按此号码联系您')
  await shot(page, 'account-01-home-reminder')

  await openAccountFromReminder(page)
  const card = page.getByTestId('account-phone')
  await expect(card).toHaveAttribute('data-state', 'unconfirmed')
  await expect(page.getByTestId('account-info')).toContainText('lz03')
  await expect(page.getByTestId('account-info')).toContainText('志愿者')
  await expect(card).toContainText('老人呼叫求助时，社区会按此号码联系您。')
  await expect(page.getByTestId('account-phone-status')).toHaveText('未确认')
  await shot(page, 'account-02-unconfirmed')

  // A number one digit short: the field says what is wrong, nothing is sent.
  await page.getByTestId('account-phone-edit').click()
  const input = page.getByTestId('account-phone-input')
  await input.fill('1390533700')
  await page.getByTestId('account-phone-save').click()
  const item = page.locator('.el-form-item', { has: input })
  await expect(item.locator('.el-form-item__error')).toHaveText('手机号应为 1 开头的 11 位数字')
  await expect(card).toHaveAttribute('data-state', 'unconfirmed')
  await shot(page, 'account-03-bad-number')

  // A good number, typed the way people do: saved, masked, confirmed by the user now.
  await input.fill('+86 139-0533-7001')
  await page.getByTestId('account-phone-save').click()
  await expect(card).toHaveAttribute('data-state', 'confirmed')
  await expect(page.getByTestId('account-phone-value')).toHaveText('139****7001')
  await expect(page.getByTestId('account-phone-status')).toContainText(/本人已确认于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await expect(page.getByText('已保存，号码已由本人确认')).toBeVisible()
  await expect(card).not.toContainText('13905337001')
  await shot(page, 'account-04-confirmed')

  // Confirming again later works too; the home page no longer reminds.
  await page.getByTestId('account-phone-confirm').click()
  await expect(page.getByText('已确认号码无误')).toBeVisible()
  await page.goto('/home')
  await expect(page.getByText(/^您好，/)).toBeVisible()
  await expect(page.getByTestId('phone-reminder')).toHaveCount(0)

  // The page is in the user menu, beside 修改密码.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('menu-account').click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('account-phone')).toHaveAttribute('data-state', 'confirmed')
})

test('staff see whose numbers the person confirmed', async ({ page }) => {
  await login(page, 'admin')
  await page.goto('/system/users')
  await page.getByPlaceholder('用户名 / 姓名').fill('lz03')
  await page.keyboard.press('Enter')
  const row = page.locator('.el-table__row', { hasText: 'lz03' })
  await expect(row).toContainText('139****7001')
  await expect(row.getByTestId('phone-self-confirmed')).toHaveText('本人已确认')
  await shot(page, 'account-05-users-list')
  // Staff never get the reminder.
  await page.goto('/home')
  await expect(page.getByTestId('phone-reminder')).toHaveCount(0)
})

test('on a phone: remove the number, be reminded to fill it in, fill it in', async ({ browser }) => {
  const { context, page } = await phonePage(browser)
  await login(page, 'lz04')
  await openAccountFromReminder(page)
  const card = page.getByTestId('account-phone')
  await expect(card).toHaveAttribute('data-state', 'unconfirmed')
  await shot(page, 'account-06-phone-unconfirmed')

  await page.getByTestId('account-phone-edit').click()
  await page.getByTestId('account-phone-clear').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await expect(card).toHaveAttribute('data-state', 'missing')
  await expect(page.getByTestId('account-phone-value')).toHaveText('未填写')
  await expect(page.getByTestId('account-phone-confirm')).toHaveCount(0)

  await page.goto('/home')
  await expect(page.getByTestId('phone-reminder')).toContainText('请填写您的手机号')
  await shot(page, 'account-07-phone-reminder-missing')
  await openAccountFromReminder(page)

  await page.getByTestId('account-phone-edit').click()
  const input = page.getByTestId('account-phone-input')
  await input.fill('0533-61234')
  await page.getByTestId('account-phone-save').click()
  await expect(page.locator('.el-form-item__error')).toContainText('本地号码应为 7–8 位')
  await shot(page, 'account-08-phone-bad')
  await input.fill('139 0533 7002')
  await page.getByTestId('account-phone-save').click()
  await expect(card).toHaveAttribute('data-state', 'confirmed')
  await expect(page.getByTestId('account-phone-value')).toHaveText('139****7002')
  const box = await card.boundingBox()
  expect(box && box.x + box.width).toBeLessThanOrEqual(390)
  await shot(page, 'account-09-phone-confirmed')
  await context.close()
})
