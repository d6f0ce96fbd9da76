import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { login, phonePage, shot } from './helpers'

// The live alert board end to end: with the board open, a device sends an SOS over HTTP ingest;
// the card appears without a reload, is acknowledged in one click and resolved in two, and the
// alert then shows in the history with its timeline.
//
// Needs the devices API (POST /api/v1/devices) and the ingest route (POST /api/v1/ingest) of the
// monitoring service; the device is registered through the API like an installer would.
test.describe.configure({ mode: 'serial' })

interface Me {
  csrf_token?: string
}

async function csrf(request: APIRequestContext): Promise<string> {
  const me = await request.get('/api/v1/me')
  expect(me.ok()).toBeTruthy()
  const body = (await me.json()) as Me
  expect(body.csrf_token, 'GET /api/v1/me gives the CSRF token').toBeTruthy()
  return body.csrf_token!
}

/** A demo elder of 官庄社区 (has a building leader and family contacts in the demo data). */
async function someElder(request: APIRequestContext): Promise<{ id: number; name: string }> {
  const res = await request.get('/api/v1/elders', { params: { q: '', size: 50 } })
  expect(res.ok()).toBeTruthy()
  const page = (await res.json()) as { items: { id: number; name: string; community: { name: string } }[] }
  const e = page.items.find((x) => x.community.name === '官庄社区') ?? page.items[0]
  expect(e).toBeTruthy()
  return e
}

async function registerDevice(request: APIRequestContext, elderId: number): Promise<{ serial: string; secret: string }> {
  const serial = `TZ-E2E-${Date.now().toString(36).toUpperCase()}`
  const res = await request.post('/api/v1/devices', {
    headers: { 'X-CSRF-Token': await csrf(request) },
    data: { serial, type: 'sos_pendant', location: '卧室', elder_id: elderId },
  })
  expect(res.status(), await res.text()).toBe(201)
  const body = (await res.json()) as { serial: string; secret: string }
  expect(body.secret).toBeTruthy()
  return { serial, secret: body.secret }
}

/**
 * The pendant presses SOS. The service learns of a newly registered device a moment after the
 * API answered, so like a real device it sends the same event again until it is accepted.
 */
async function sendSos(request: APIRequestContext, serial: string, secret: string) {
  const event = { id: `sos-${Date.now()}`, type: 'sos', time: Date.now() }
  let res = await request.post('/api/v1/ingest', { headers: { Authorization: `Bearer ${serial}:${secret}` }, data: event })
  for (let i = 0; i < 50 && res.status() === 401; i++) {
    await new Promise((r) => setTimeout(r, 100))
    res = await request.post('/api/v1/ingest', { headers: { Authorization: `Bearer ${serial}:${secret}` }, data: event })
  }
  expect(res.status(), await res.text()).toBe(200)
  const body = (await res.json()) as { accepted: number; items: { alert_id?: number }[] }
  expect(body.accepted).toBe(1)
  expect(body.items[0].alert_id).toBeTruthy()
  return body.items[0].alert_id!
}

async function openBoard(page: Page) {
  await page.goto('/monitoring/board')
  await expect(page.getByTestId('alert-board')).toBeVisible()
  await expect(page.getByTestId('feed-state')).toHaveAttribute('data-state', 'open')
}

let alertId = 0
let elderName = ''

test('an SOS appears on the open board without reload, then is acknowledged and resolved', async ({ page }) => {
  await login(page, 'admin')
  await openBoard(page)
  await expect(page.getByTestId('feed-state')).toHaveText('已连接')

  const elder = await someElder(page.request)
  elderName = elder.name
  const dev = await registerDevice(page.request, elder.id)
  alertId = await sendSos(page.request, dev.serial, dev.secret)

  // The card arrives over the WebSocket: no navigation happened since the board opened.
  const card = page.getByTestId(`alert-card-${alertId}`)
  await expect(card).toBeVisible({ timeout: 5000 })
  await expect(card.getByTestId('card-kind')).toHaveText('紧急呼叫SOS')
  await expect(card.getByTestId('card-elder')).toHaveText(elder.name)
  await expect(card.getByTestId('card-ago')).toContainText('秒前')
  await expect(card).toHaveClass(/sev-critical/)
  // Critical cards show the numbers to call at once, as tel: links.
  await expect(card.getByTestId('card-phones')).toBeVisible()
  await expect(card.locator('a[href^="tel:"]').first()).toBeVisible()
  await shot(page, 'board-01-new-sos')

  // Acknowledge: one click.
  await card.getByTestId('card-ack').click()
  await expect(card.getByTestId('card-acked')).toContainText('已接警')
  await expect(card.getByTestId('card-ack')).toHaveCount(0)
  await shot(page, 'board-02-acknowledged')

  // Resolve: two clicks (the button, then the outcome), with an optional note typed between.
  await card.getByTestId('card-resolve').click()
  const dialog = page.getByTestId('resolve-dialog')
  await expect(dialog).toBeVisible()
  await page.getByTestId('resolve-note').fill('楼长上门查看，老人安全')
  await shot(page, 'board-03-resolve-dialog')
  await page.getByTestId('outcome-safe_on_visit').click()
  await expect(card).toHaveCount(0)
  await shot(page, 'board-04-resolved')
})

test('the resolved alert is in the history with its timeline', async ({ page }) => {
  await login(page, 'admin')
  await page.goto('/monitoring/history')
  const table = page.getByTestId('history-table')
  await expect(table).toBeVisible()
  const row = table.locator('.el-table__body tr', { hasText: elderName }).first()
  await expect(row).toContainText('已处置')
  await expect(row).toContainText('上门确认安全')
  await row.click()
  const drawer = page.getByTestId('alert-drawer')
  await expect(drawer).toBeVisible()
  await expect(page.getByTestId('alert-timeline')).toContainText('接警')
  await expect(page.getByTestId('alert-timeline')).toContainText('处置完成')
  await expect(page.getByTestId('alert-stats')).toContainText('官庄社区')
  await shot(page, 'board-05-history-drawer')
})

test('the board on a phone is one column of cards', async ({ browser }) => {
  const { context, page } = await phonePage(browser)
  await login(page, 'admin')
  await openBoard(page)
  const elder = await someElder(page.request)
  const dev = await registerDevice(page.request, elder.id)
  const id = await sendSos(page.request, dev.serial, dev.secret)
  const card = page.getByTestId(`alert-card-${id}`)
  await expect(card).toBeVisible({ timeout: 5000 })
  const box = await card.boundingBox()
  expect(box && box.width).toBeGreaterThan(300) // the full width of the phone
  await shot(page, 'board-06-phone', false)
  // Leave the board clean for other runs.
  await card.getByTestId('card-resolve').click()
  await page.getByTestId('outcome-false_alarm').click()
  await expect(card).toHaveCount(0)
  await context.close()
})
