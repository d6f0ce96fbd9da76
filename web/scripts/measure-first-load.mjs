// First-load bytes: the JS and CSS a browser transfers for the login page, and then for the home
// page after signing in (a fresh profile: no cache), as Chromium fetches them (it sends
// Accept-Encoding: gzip, deflate, br, zstd). Transferred = the encoded body size on the wire.
//
//   E2E_BASE_URL=http://127.0.0.1:PORT E2E_PASSWORD=... node scripts/measure-first-load.mjs [user]
import { chromium } from 'playwright-core'

const base = process.env.E2E_BASE_URL || 'http://127.0.0.1:8080'
const password = process.env.E2E_PASSWORD || ''
const username = process.argv[2] || 'admin'

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
const page = await context.newPage()

let phase = 'login'
const totals = { login: { js: 0, css: 0, files: 0, raw: 0 }, home: { js: 0, css: 0, files: 0, raw: 0 } }
const pending = []
page.on('requestfinished', (req) => {
  const url = new URL(req.url())
  const kind = url.pathname.endsWith('.js') ? 'js' : url.pathname.endsWith('.css') ? 'css' : null
  if (!kind) return
  const at = phase
  pending.push(
    (async () => {
      const sizes = await req.sizes()
      const res = await req.response()
      const body = res ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0)
      totals[at][kind] += sizes.responseBodySize
      totals[at].raw += body.length
      totals[at].files += 1
    })(),
  )
})

await page.goto(`${base}/login`, { waitUntil: 'networkidle' })
await Promise.all(pending.splice(0))
phase = 'home'
await page.getByPlaceholder('用户名').fill(username)
await page.getByPlaceholder('密码').fill(password)
await page.getByTestId('login-submit').click()
await page.waitForURL((u) => !u.pathname.startsWith('/login'))
await page.waitForLoadState('networkidle')
await Promise.all(pending.splice(0))
await browser.close()

const kB = (n) => (n / 1024).toFixed(1)
const line = (name, t) =>
  `${name}: ${t.files} files, transferred ${kB(t.js + t.css)} kB (JS ${kB(t.js)} kB, CSS ${kB(t.css)} kB), uncompressed ${kB(t.raw)} kB`
console.log(line('login page', totals.login))
console.log(line('home after sign-in (added)', totals.home))
const all = { files: totals.login.files + totals.home.files, js: totals.login.js + totals.home.js, css: totals.login.css + totals.home.css, raw: totals.login.raw + totals.home.raw }
console.log(line('login + home', all))
