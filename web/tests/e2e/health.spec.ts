import { expect, test, type Page } from '@playwright/test'
import { login, phonePage, shot } from './helpers'

// The health strip on the live board (docs/MONITORING.md "Health"). Against the real server
// (no broker, no webhook configured: nothing to fail) it is green and its details show the real
// facts. The orange/red banner is checked with a degraded answer put in place of the
// endpoint's, the only way to break the alert path on purpose from a browser test; the
// server's side of that (a failing webhook, an unreachable broker) has integration tests.
test.describe.configure({ mode: 'serial' })

async function openBoard(page: Page) {
  await page.goto('/monitoring/board')
  await expect(page.getByTestId('alert-board')).toBeVisible()
  await expect(page.getByTestId('feed-state')).toHaveAttribute('data-state', 'open')
}

test('the strip is green when the alert path works, with details on demand', async ({ page }) => {
  await login(page, 'admin')
  await openBoard(page)
  const strip = page.getByTestId('health-strip')
  await expect(strip).toHaveAttribute('data-status', 'ok')
  await expect(strip).toContainText('看护链路正常')
  await expect(page.getByTestId('health-problems')).toHaveCount(0)
  await page.getByTestId('health-toggle').click()
  const details = page.getByTestId('health-details')
  await expect(details).toBeVisible()
  await expect(details).toContainText('消息服务器（MQTT）')
  await expect(details).toContainText('未配置：设备只通过HTTP上报')
  await expect(details).toContainText('告警写入')
  await expect(details).toContainText('短信/语音网关')
  await expect(details).toContainText('在用')
  await shot(page, 'health-01-ok-details')
})

/** A degraded answer: the SMS gateway failing, notifications given up, 3 devices offline. */
async function fakeDegraded(page: Page) {
  await page.route('**/api/v1/monitoring/health', async (route) => {
    const real = await route.fetch()
    const h = await real.json()
    h.checked_at = new Date(Date.now() + 3_600_000).toISOString()
    h.status = 'degraded'
    h.webhook = {
      ...h.webhook,
      configured: true,
      pending: 2,
      oldest_pending_age_s: 95,
      failed_last_hour: 5,
      gave_up_last_hour: 1,
      failing_streak: 4,
      last_error: 'connect: Connection refused',
      last_error_at: h.checked_at,
    }
    h.devices = { ...h.devices, offline: 3 }
    h.problems = [
      { code: 'webhook.failing', level: 'degraded', message: '' },
      { code: 'webhook.gave_up', level: 'degraded', message: '' },
    ]
    await route.fulfill({ response: real, json: h })
  })
}

test('a degraded path names each problem and what to do', async ({ page }) => {
  await login(page, 'admin')
  await fakeDegraded(page)
  await openBoard(page)
  const strip = page.getByTestId('health-strip')
  await expect(strip).toHaveAttribute('data-status', 'degraded')
  await expect(strip).toContainText('看护链路部分异常')
  const problems = page.getByTestId('health-problems')
  await expect(problems.locator('li')).toHaveCount(2)
  await expect(problems.locator('li[data-code="webhook.failing"]')).toHaveText(
    '短信/语音网关连续失败（4次）：家属与应急层级的通知可能没有送达，请电话通知',
  )
  await expect(problems.locator('li[data-code="webhook.gave_up"]')).toContainText('近1小时有1条')
  await page.getByTestId('health-toggle').click()
  await expect(page.getByTestId('health-details')).toContainText('近1小时失败 5 条（放弃 1 条）')
  await expect(page.getByTestId('health-details')).toContainText('Connection refused')
  await shot(page, 'health-02-degraded')

  // The offline devices link opens the devices list filtered to them.
  await page.getByTestId('health-offline-link').click()
  await expect(page).toHaveURL(/\/monitoring\/devices\?alert=offline/)
  await expect(page.getByTestId('device-alert-filter')).toContainText('仅离线设备')
})

test('the strip fits a phone', async ({ browser }) => {
  const { context, page } = await phonePage(browser)
  await login(page, 'admin')
  await fakeDegraded(page)
  await openBoard(page)
  const strip = page.getByTestId('health-strip')
  await expect(strip).toHaveAttribute('data-status', 'degraded')
  const box = await strip.boundingBox()
  expect(box && box.width).toBeGreaterThan(300)
  expect(box && box.width).toBeLessThanOrEqual(390)
  await page.getByTestId('health-toggle').click()
  await expect(page.getByTestId('health-details')).toBeVisible()
  await shot(page, 'health-03-phone', false)
  await context.close()
})
