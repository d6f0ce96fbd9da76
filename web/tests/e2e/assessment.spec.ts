import { expect, test, type Browser } from '@playwright/test'
import { login, pickOption, shot } from './helpers'

// 能力评估 (the assessment module): community staff fill the GB/T 42195-2022 form step by step
// from the due list at desktop and phone width (options with the standard's wording and score,
// the live total and grade), submit it; the sub-district admin (neither assessor nor submitter)
// approves it; the elder's page shows the grade.

async function fillAndSubmit(browser: Browser, width: number, height: number, tag: string): Promise<number> {
  const ctx = await browser.newContext({ viewport: { width, height } })
  const page = await ctx.newPage()
  await login(page, 'guanzhuang')
  await page.goto('/assessment/due')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await page.getByRole('button', { name: '新增评估' }).first().click()
  await expect(page).toHaveURL(/\/assessment\/new\?.*elder=\d+/)
  const elderId = Number(new URL(page.url()).searchParams.get('elder'))
  await expect(page.getByTestId('assessment-basic')).toBeVisible()

  // 基本信息: the second assessor, the informant and the place (assessor 1 and the date default).
  await pickOption(page, page.getByTestId('assessor2'), '服务人员 刘芳')
  await page.getByTestId('informant-name').locator('input').fill('王秀兰')
  await pickOption(page, page.getByTestId('informant-relation'), '子女')
  await page.getByTestId('place').locator('input').fill('老人家中')
  await shot(page, `assessment-basic-${tag}`)

  // One group per step: every item's first option (the highest score), shown with its wording.
  for (let g = 0; g < 4; g++) {
    await page.getByTestId('step-next').click()
    const items = page.locator('[data-testid^="item-"]')
    await expect(items.first()).toBeVisible()
    if (g === 0) await expect(page.getByTestId('opt-eating-4')).toContainText('独立使用器具将食物送进口中并咽下，没有呛咳')
    const n = await items.count()
    for (let i = 0; i < n; i++) await items.nth(i).locator('.option').first().click()
    if (g === 0) await shot(page, `assessment-group-${tag}`)
  }
  await page.getByTestId('step-next').click()
  await expect(page.getByTestId('preview-total')).toHaveText('90')
  await expect(page.getByTestId('preview-grade')).toHaveText('能力完好')

  await page.getByTestId('submit').click()
  await expect(page).toHaveURL(/\/assessment\/\d+$/)
  await expect(page.getByTestId('assessment-state')).toHaveText('待审核')
  await expect(page.getByTestId('result-total')).toHaveText('90')
  await shot(page, `assessment-submitted-${tag}`)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await ctx.close()
  expect(id).toBeGreaterThan(0)
  return elderId
}

async function reviewAndSee(browser: Browser, elderId: number, width: number, height: number, tag: string) {
  const ctx = await browser.newContext({ viewport: { width, height } })
  const page = await ctx.newPage()
  await login(page, 'admin')
  await page.goto(`/registry/elders/${elderId}`)
  const section = page.getByTestId('elder-assessments')
  await expect(section).toBeVisible()
  await section.getByTestId('assessment-history').locator('.el-table__body tr').first().click()
  await expect(page).toHaveURL(/\/assessment\/\d+$/)
  await expect(page.getByTestId('assessment-state')).toHaveText('待审核')
  await page.getByTestId('review').click()
  await expect(page.getByTestId('assessment-state')).toHaveText('已审核')
  await expect(page.getByTestId('print')).toBeVisible()
  await shot(page, `assessment-reviewed-${tag}`)

  await page.goto(`/registry/elders/${elderId}`)
  await expect(page.getByTestId('elder-grade')).toHaveText('能力完好')
  await shot(page, `assessment-elder-${tag}`)
  await ctx.close()
}

test('fill, submit and review an assessment at 1440 px', async ({ browser }) => {
  const elderId = await fillAndSubmit(browser, 1440, 900, 'desktop')
  await reviewAndSee(browser, elderId, 1440, 900, 'desktop')
})

test('fill, submit and review an assessment at 390 px', async ({ browser }) => {
  const elderId = await fillAndSubmit(browser, 390, 844, 'phone')
  await reviewAndSee(browser, elderId, 390, 844, 'phone')
})

test('a reload or a dropped connection loses nothing of a new form', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await ctx.newPage()
  await login(page, 'guanzhuang')
  await page.goto('/assessment/due')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await page.getByRole('button', { name: '新增评估' }).first().click()
  await expect(page).toHaveURL(/client=[0-9a-f-]{36}/)
  const name = page.getByTestId('informant-name').locator('input')
  await name.fill('赵桂英')
  // A reload restores the unsent form from this browser.
  await page.reload()
  await expect(name).toHaveValue('赵桂英')

  // Offline: 保存草稿 keeps it here; back online, it is sent and the page becomes the record's.
  await ctx.setOffline(true)
  await page.getByTestId('place').locator('input').fill('社区日间照料中心')
  await page.getByTestId('save-draft').click()
  await expect(page.getByText('网络不可用：已保存在本机，恢复联网后自动上传')).toBeVisible()
  await ctx.setOffline(false)
  await expect(page).toHaveURL(/\/assessment\/\d+\/edit/)
  await expect(page.getByTestId('place').locator('input')).toHaveValue('社区日间照料中心')
  await expect(page.getByTestId('informant-name').locator('input')).toHaveValue('赵桂英')
  await ctx.close()
})
