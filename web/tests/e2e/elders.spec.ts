import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import { login, phonePage, pickOption, pickTreeNode, randomElderId, randomName, shot, withWrongCheck } from './helpers'

// One story, in order: sign in → add an elder (a wrong ID first, then a valid one) → find it
// in the list → import a CSV with one bad row → the bad row is reported and nothing commits.
test.describe.configure({ mode: 'serial' })

const name = randomName()
const goodId = randomElderId()
const badId = withWrongCheck(goodId)

test('admin adds an elder, with the ID number checked, and finds it in the list', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByText('天镇智慧养老服务平台').first()).toBeVisible()
  await shot(page, '01-login')

  await login(page, 'admin')
  await expect(page.getByText('您好')).toBeVisible()
  await shot(page, '02-home')

  await page.goto('/registry/elders')
  await expect(page.getByTestId('elder-table')).toBeVisible()
  await page.getByTestId('elder-add').click()
  await expect(page).toHaveURL(/\/registry\/elders\/new$/)

  await page.getByTestId('f-name').fill(name)
  const idInput = page.getByTestId('f-id_number')
  await idInput.fill(badId)
  await idInput.blur()
  const idItem = page.getByTestId('fi-id_number')
  await expect(idItem.locator('.el-form-item__error')).toContainText('校验位')
  await shot(page, '03-elder-form-bad-id')

  await idInput.fill(goodId)
  await idInput.blur()
  await expect(idItem.locator('.el-form-item__error')).toHaveCount(0)
  await expect(page.getByTestId('id-derived')).toContainText(`${goodId.slice(6, 10)}-${goodId.slice(10, 12)}-${goodId.slice(12, 14)}`)

  await page.getByTestId('f-phone').fill(`139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`)
  await pickTreeNode(page, page.getByTestId('f-org_unit'), '官庄社区')
  await pickOption(page, page.getByTestId('f-living_status'), '独居')
  await page.getByTestId('f-address').fill('官庄社区 3 号楼 2 单元 301')
  await page.getByTestId('f-categories').getByText('低保').click()
  await page.getByTestId('add-contact').click()
  await page.getByTestId('f-contact-name-0').fill('张明')
  await pickOption(page, page.getByTestId('f-contact-relation-0'), '儿子')
  await page.getByTestId('f-contact-phone-0').fill('13800138000')
  await shot(page, '04-elder-form-valid')

  await page.getByTestId('elder-save').click()
  await expect(page).toHaveURL(/\/registry\/elders\/\d+$/)
  await expect(page.getByTestId('elder-detail')).toContainText(name)
  // The ID number is shown masked; 显示 fetches the stored full value.
  await expect(page.getByTestId('value-id_number')).toHaveText(`${goodId.slice(0, 6)}********${goodId.slice(14)}`)
  await page.getByTestId('reveal-id_number').click()
  await expect(page.getByTestId('value-id_number')).toHaveText(goodId)
  await shot(page, '05-elder-detail')

  await page.goto('/registry/elders')
  await page.getByTestId('elder-search').fill(name)
  await page.getByTestId('elder-search-btn').click()
  const row = page.getByTestId('elder-table').locator('.el-table__body tr', { hasText: name })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(goodId.slice(-4))
  await shot(page, '06-elder-list-search')
})

test('elder list on a phone shows cards', async ({ browser }) => {
  const { context, page } = await phonePage(browser)
  await login(page, 'admin')
  await page.goto('/registry/elders')
  await expect(page.getByTestId('elder-cards')).toBeVisible()
  await expect(page.getByTestId('elder-cards').locator('.elder-card').first()).toBeVisible()
  await shot(page, '07-phone-elder-list', false)
  await context.close()
})

test('import: a dry run reports the bad row and blocks the commit', async ({ page }) => {
  await login(page, 'admin')
  await page.goto('/registry/import')
  await expect(page.getByTestId('import-upload')).toBeVisible()
  await shot(page, '08-import-page')

  const a = randomElderId()
  const b = withWrongCheck(randomElderId())
  const c = randomElderId()
  const header = '姓名,身份证号,联系电话,居住状况,特殊类别,所属社区,楼栋/网格,家庭住址,紧急联系人,联系人关系,联系人电话,备注'
  const csv = [
    header,
    `${randomName()},${a},13900001111,独居,低保、高龄,官庄社区,,官庄社区 1 号楼 101,王强,儿子,13900002222,`,
    // File line 3 (the header is line 1): a wrong check character.
    `${randomName()},${b},13900003333,空巢,,官庄社区,,官庄社区 2 号楼 202,,,,`,
    `${randomName()},${c},,与子女同住,"特困,残疾",官庄社区,,官庄社区 5 号,李红,女儿,0533-6123456,腿脚不便`,
  ].join('\r\n')

  await page.locator('input[type=file]').setInputFiles({ name: 'elders-e2e.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv, 'utf8') })
  const report = page.getByTestId('import-report')
  await expect(report.getByTestId('import-errors')).toBeVisible()
  const errorRows = report.getByTestId('import-errors').locator('.el-table__body tr')
  await expect(errorRows).toHaveCount(1)
  await expect(errorRows.first()).toContainText('第 3 行')
  await expect(errorRows.first()).toContainText('身份证号')
  await expect(page.getByTestId('import-commit')).toBeDisabled()
  await shot(page, '09-import-dry-run-errors')

  // And the list does not contain the valid rows of the rejected file.
  await page.goto('/registry/elders')
  await page.getByTestId('elder-search').fill(a.slice(-6))
  await page.getByTestId('elder-search-btn').click()
  await expect(page.getByTestId('elder-table').locator('.el-table__body tr', { hasText: a.slice(-4) })).toHaveCount(0)
})

test('community staff see only their community', async ({ page }) => {
  await login(page, 'guanzhuang')
  await page.goto('/registry/elders')
  await expect(page.getByTestId('elder-table')).toBeVisible()
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  // The elder added by the first test lives in 官庄社区, so the list is not empty.
  const communities = await page.getByTestId('cell-community').allInnerTexts()
  expect(communities.length).toBeGreaterThan(0)
  for (const c of communities) expect(c).toBe('官庄社区')
  await shot(page, '10-guanzhuang-elder-list')
})

test('export downloads the filtered list as an Excel file', async ({ page }) => {
  await login(page, 'admin')
  await page.goto('/registry/elders')
  await pickOption(page, page.getByTestId('filter-community'), '官庄社区')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('elder-export').click()])
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  const bytes = fs.readFileSync((await download.path())!)
  expect(bytes.subarray(0, 2).toString()).toBe('PK') // an .xlsx is a zip
})

test('a new elder joins a household and the household links both ways', async ({ page }) => {
  // The demo pairs empty-nest couples into households; TZ01-00001 is the first in 官庄社区.
  const spouse = randomName()
  await login(page, 'guanzhuang')
  await page.goto('/registry/elders/new')
  await page.getByTestId('f-name').fill(spouse)
  await page.getByTestId('f-id_number').fill(randomElderId())
  await pickTreeNode(page, page.getByTestId('f-org_unit'), '官庄社区')
  await pickOption(page, page.getByTestId('f-living_status'), '空巢')
  await page.getByTestId('f-address').fill('官庄社区 1 号楼 1 单元 101')
  await page.getByTestId('f-household_code').fill('TZ01-00001')
  await page.getByTestId('elder-save').click()
  await expect(page).toHaveURL(/\/registry\/elders\/\d+$/)
  const members = page.getByTestId('household-member')
  await expect(members).toHaveCount(2)
  await shot(page, '10-household')
  await members.first().click()
  await expect(page.getByTestId('household-member').filter({ hasText: spouse })).toHaveCount(1)
})
