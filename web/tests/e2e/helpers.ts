import { expect, type Browser, type Locator, type Page } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const PASSWORD = process.env.E2E_PASSWORD || ''
export const SHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots')
fs.mkdirSync(SHOT_DIR, { recursive: true })

export async function shot(page: Page, name: string, fullPage = true) {
  await page.waitForTimeout(250) // let transitions settle
  await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage })
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function checkChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * W[i]
  return '10X98765432'[sum % 11]
}

const rnd = (n: number) => Math.floor(Math.random() * n)

/** A valid ID number of someone born 1936–1955 in 高青县 (370322), random per run. */
export function randomElderId(): string {
  const y = 1936 + rnd(20)
  const m = String(1 + rnd(12)).padStart(2, '0')
  const d = String(1 + rnd(28)).padStart(2, '0')
  const first17 = `370322${y}${m}${d}${String(rnd(1000)).padStart(3, '0')}`
  return first17 + checkChar(first17)
}

/** The same number with a wrong check character. */
export function withWrongCheck(id: string): string {
  const good = id[17]
  const wrong = good === '0' ? '1' : '0'
  return id.slice(0, 17) + wrong
}

const GIVEN = '秀兰桂英玉珍淑芬凤霞春梅德福永昌宝山建华文明国庆志刚树森'
/** A Chinese name unlikely to exist already: surname + two random characters. */
export function randomName(): string {
  const pick = () => GIVEN[rnd(GIVEN.length)]
  return `测${pick()}${pick()}${pick()}`
}

/** A new phone-sized context (390 × 844, touch, zh-CN) and a page in it; close the context when done. */
export async function phonePage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  return { context, page: await context.newPage() }
}

export async function login(page: Page, username: string) {
  await page.goto('/login')
  await page.getByPlaceholder('用户名').fill(username)
  await page.getByPlaceholder('密码').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page, `sign-in as ${username} failed: is E2E_PASSWORD set?`).not.toHaveURL(/\/login/)
  await expect(page, `demo user ${username} is forced to change its password`).not.toHaveURL(/\/password$/)
}

/** Opens an Element Plus select and picks the visible option with this text. */
export async function pickOption(page: Page, select: Locator, text: string) {
  await select.click()
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await option.click()
}

/** Opens an Element Plus tree-select and picks the node with this label. */
export async function pickTreeNode(page: Page, select: Locator, text: string) {
  await select.click()
  const node = page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: text }).first()
  await node.click()
}
