import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { login, shot } from './helpers'

// Every demo role opens every entry of its side menu, on a desk (1440 px) and on a phone (390 px,
// through the menu drawer). The menu is read from the page, so a new module's pages join the tour
// by appearing in the menu. A page fails the tour on any 4xx/5xx answer, console error, uncaught
// error, error toast, or (on the phone) a page wider than the screen. Read-only: nothing changes.
const ROLES = ['admin', 'guanzhuang', 'taisun', 'provider', 'worker', 'louzhang', 'family', 'kitchen', 'auditor']

const DESK = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

/** Collects what went wrong on a page since the last `take()`, and counts requests in flight. */
function watch(page: Page) {
  let problems: string[] = []
  let inFlight = 0
  let lastChange = Date.now()
  const change = (d: number) => {
    inFlight += d
    lastChange = Date.now()
  }
  page.on('request', () => change(1))
  page.on('requestfinished', () => change(-1))
  page.on('requestfailed', () => change(-1))
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
  })
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`))
  return {
    /** Nothing in flight for 150 ms (quicker than network idle's 500 ms; the live feed's
     *  WebSocket is not a request). */
    async quiet() {
      const until = Date.now() + 15_000
      while (Date.now() < until && (inFlight > 0 || Date.now() - lastChange < 150)) await page.waitForTimeout(50)
    },
    take() {
      const out = problems
      problems = []
      return out
    },
  }
}

async function check(page: Page, log: ReturnType<typeof watch>, where: string, phone: boolean) {
  await page.waitForTimeout(100) // the page's first requests are under way
  await log.quiet()
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await log.quiet()
  const problems = log.take()
  if (await page.locator('.el-message--error:visible').count()) problems.push(`error toast: ${await page.locator('.el-message--error').first().innerText()}`)
  if (phone) {
    const wide = await page.evaluate(() => {
      const s = document.scrollingElement!
      return s.scrollWidth > s.clientWidth ? `${s.scrollWidth} > ${s.clientWidth}` : ''
    })
    if (wide) problems.push(`scrolls sideways: ${wide}`)
  }
  expect(problems, `${where} (${page.url()})`).toEqual([])
}

async function context(browser: Browser, phone: boolean, state?: Awaited<ReturnType<BrowserContext['storageState']>>) {
  return browser.newContext({
    viewport: phone ? PHONE : DESK,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    storageState: state,
  })
}

for (const role of ROLES) {
  test(`tour: ${role} opens every menu entry on a desk and on a phone`, async ({ browser }) => {
    // Two sign-ins' worth of pages (about 20 for the admin) on a shared CI machine.
    test.setTimeout(180_000)
    // Desk: sign in once; the phone reuses the session.
    const desk = await context(browser, false)
    const page = await desk.newPage()
    await login(page, role)
    const log = watch(page)
    await check(page, log, `${role} desk home`, false)
    await shot(page, `tour-${role}-desk-home`, false)

    const items = page.locator('.aside .el-menu-item')
    const n = await items.count()
    expect(n, `${role} has a menu`).toBeGreaterThan(0)
    const titles: string[] = []
    for (let i = 0; i < n; i++) {
      const item = items.nth(i)
      const title = (await item.innerText()).trim()
      titles.push(title)
      await item.click()
      await expect(item).toHaveClass(/is-active/)
      await check(page, log, `${role} desk: ${title}`, false)
    }
    const state = await desk.storageState()
    await desk.close()

    const phoneCtx = await context(browser, true, state)
    const phone = await phoneCtx.newPage()
    const plog = watch(phone)
    await phone.goto('/home')
    await check(phone, plog, `${role} phone home`, true)
    await shot(phone, `tour-${role}-phone-home`, false)
    const toggle = phone.getByRole('button', { name: '展开/收起菜单' })
    for (let i = 0; i < titles.length; i++) {
      await toggle.click()
      const entries = phone.locator('.menu-drawer .el-menu-item')
      await expect(entries.first()).toBeVisible()
      expect(await entries.count(), `${role} phone menu`).toBe(titles.length)
      const entry = entries.nth(i)
      expect((await entry.innerText()).trim()).toBe(titles[i])
      await entry.click()
      await expect(phone.locator('.menu-drawer')).toBeHidden()
      await check(phone, plog, `${role} phone: ${titles[i]}`, true)
    }
    await phoneCtx.close()
  })
}
