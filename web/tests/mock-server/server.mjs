#!/usr/bin/env node
// A small in-memory stand-in for the C++ server, for developing the web app while the real
// server is being written. It implements the /api/v1 routes the web app uses (same shapes,
// same error envelope) and serves web/dist with the index.html fallback.
//
//   node tests/mock-server/server.mjs            # port 8090, password "Tianzhen#2026"
//   MOCK_PORT=8091 MOCK_PASSWORD=secret node tests/mock-server/server.mjs
//
// Not used by the committed e2e test, which targets the real server (E2E_BASE_URL).
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const DIST = path.resolve(here, '../../dist')
const PORT = Number(process.env.MOCK_PORT || 8090)
const PASSWORD = process.env.MOCK_PASSWORD || 'Tianzhen#2026'

// ---------- validators (mirror src/utils) ----------
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checkChar = (s) => '10X98765432'[[...s.slice(0, 17)].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11]
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
const ageOn = (b, t) => {
  const [by, bm, bd] = b.split('-').map(Number)
  const [ty, tm, td] = t.split('-').map(Number)
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}
function checkId(raw) {
  const v = String(raw || '').trim().toUpperCase()
  if (v.length !== 18) return { err: 'length' }
  if (!/^\d{17}[\dX]$/.test(v)) return { err: 'format' }
  const y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14)
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (m < 1 || m > 12 || dt.getUTCDate() !== d || y < 1800) return { err: 'date' }
  const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`
  if (birth > today()) return { err: 'future' }
  if (checkChar(v) !== v[17]) return { err: 'checksum' }
  return { v, birth, sex: +v[16] % 2 ? 'M' : 'F', age: ageOn(birth, today()) }
}
const phoneOk = (p) => /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/.test(p)

const MSG = {
  'auth.invalid_credentials': ['用户名或密码错误', 'Wrong username or password'],
  'auth.locked': ['账号已被临时锁定', 'Account temporarily locked'],
  'auth.unauthenticated': ['请先登录', 'Please sign in'],
  'auth.csrf': ['页面已过期，请刷新后重试', 'The page expired; reload and try again'],
  forbidden: ['没有权限', 'Permission denied'],
  not_found: ['记录不存在', 'Not found'],
  'conflict.stale_version': ['该记录已被他人修改', 'The record was changed by someone else'],
  'validation.required': ['必填', 'Required'],
  'validation.too_long': ['内容过长', 'Too long'],
  'validation.invalid': ['取值无效', 'Invalid value'],
  'elder.id_number_invalid.length': ['身份证号应为 18 位', 'An ID number has 18 characters'],
  'elder.id_number_invalid.format': ['身份证号前 17 位应为数字', 'The first 17 characters must be digits'],
  'elder.id_number_invalid.date': ['身份证号中的出生日期无效', 'The birth date in the ID number is invalid'],
  'elder.id_number_invalid.future': ['身份证号中的出生日期晚于今天', 'The birth date is in the future'],
  'elder.id_number_invalid.checksum': ['身份证号校验位不正确', 'The check character is wrong'],
  'elder.id_number_duplicate': ['该身份证号已登记', 'This ID number is already registered'],
  'elder.too_young': ['老人须年满 60 周岁', 'Elders must be at least 60'],
  'elder.phone_invalid': ['电话格式不正确', 'Invalid phone number'],
  'elder.org_unit_invalid': ['所属社区/网格无效', 'Invalid community or grid'],
  'user.password_too_short': ['密码至少 10 个字符', 'At least 10 characters'],
  'user.password_is_username': ['密码不能与用户名相同', 'Must differ from the username'],
  'user.password_wrong': ['原密码不正确', 'Current password is wrong'],
  'user.username_taken': ['用户名已存在', 'Username taken'],
  'import.has_errors': ['文件中有错误，未导入', 'The file has errors; nothing imported'],
  'import.unsupported': ['暂不支持该文件格式', 'Unsupported file type'],
}
let EN = false
const msg = (code) => (MSG[code] || [code, code])[EN ? 1 : 0]

// ---------- data ----------
const ALL_PERMS = ['registry:elder:view', 'registry:elder:create', 'registry:elder:edit', 'registry:elder:leave', 'registry:elder:reveal', 'registry:elder:import', 'registry:elder:export', 'system:org:view', 'system:org:edit', 'system:user:view', 'system:user:edit', 'system:audit:view']
const roles = [
  { code: 'street_admin', name: '街道管理员', data_scope: 'all', permissions: ALL_PERMS },
  { code: 'community_staff', name: '社区工作人员', data_scope: 'unit_tree', permissions: ALL_PERMS.filter((p) => p.startsWith('registry') || p === 'system:org:view') },
  { code: 'provider_staff', name: '服务商', data_scope: 'self', permissions: [] },
  { code: 'field_worker', name: '服务人员', data_scope: 'self', permissions: [] },
  { code: 'volunteer', name: '志愿者/红色楼长', data_scope: 'self', permissions: ['registry:elder:view'] },
  { code: 'family', name: '家属', data_scope: 'self', permissions: [] },
  { code: 'kitchen', name: '中央厨房', data_scope: 'all', permissions: [] },
  { code: 'auditor', name: '审计员', data_scope: 'all', permissions: ['registry:elder:view', 'system:org:view', 'system:user:view', 'system:audit:view'] },
]
let seq = 100
const units = []
const addUnit = (parent_id, name, kind, code, sort) => {
  const u = { id: ++seq, parent_id, name, kind, code, sort, version: 1 }
  units.push(u)
  return u
}
const street = addUnit(null, '天镇街道', 'street', '370322001', 1)
const comms = ['官庄社区', '台孙村', '台陈村', '司家村', '姜家村', '周陈村', '义和村'].map((n, i) =>
  addUnit(street.id, n, n.endsWith('社区') ? 'community' : 'village', `370322001${String(i + 1).padStart(3, '0')}`, i + 1),
)
const guanzhuang = comms[0]
const gzGrid = addUnit(guanzhuang.id, '第一网格', 'grid', `${guanzhuang.code}01`, 1)
const gzB1 = addUnit(gzGrid.id, '官庄 1 号楼', 'building', `${guanzhuang.code}0101`, 1)
addUnit(gzGrid.id, '官庄 2 号楼', 'building', `${guanzhuang.code}0102`, 2)
addUnit(comms[1].id, '台孙村第一网格', 'grid', `${comms[1].code}01`, 1)

const users = [
  { id: 1, username: 'admin', display_name: '王建国', role: 'street_admin', org_unit_id: street.id, active: true, password: PASSWORD, must_change_password: false, locked_until: null, last_login_at: null, fails: 0 },
  { id: 2, username: 'guanzhuang', display_name: '李秀英', role: 'community_staff', org_unit_id: guanzhuang.id, active: true, password: PASSWORD, must_change_password: false, locked_until: null, last_login_at: null, fails: 0 },
  { id: 3, username: 'auditor', display_name: '赵审计', role: 'auditor', org_unit_id: street.id, active: true, password: PASSWORD, must_change_password: false, locked_until: null, last_login_at: null, fails: 0 },
]

const SUR = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗'
const GIV = ['秀英', '桂兰', '玉兰', '凤英', '建国', '德福', '文华', '淑珍', '兰英', '志强', '玉珍', '明德', '春花', '永昌', '宝山', '秀兰']
const LIVING = ['alone', 'empty_nest', 'with_family', 'institution', 'other']
const CATS = ['extreme_poverty', 'subsistence', 'lost_only_child', 'disabled', 'low_income', 'left_behind', 'veteran', 'advanced_age']
const RELS = ['son', 'daughter', 'spouse', 'grandchild', 'relative', 'neighbor', 'other']
const elders = []
let elderSeq = 1000
let contactSeq = 5000
let rnd = 42
const rand = (n) => ((rnd = (rnd * 1103515245 + 12345) % 2147483648), Math.floor((rnd / 2147483648) * n))
const unitOf = (id) => units.find((u) => u.id === id)
function communityOf(unit) {
  let u = unit
  while (u && u.kind !== 'community' && u.kind !== 'village') u = unitOf(u.parent_id)
  return u
}
function makeElder(input, now = new Date().toISOString()) {
  const idc = checkId(input.id_number)
  const unit = unitOf(input.org_unit_id)
  const e = {
    id: ++elderSeq,
    name: input.name,
    id_number: idc.v,
    sex: idc.sex,
    birth_date: idc.birth,
    phone: input.phone || null,
    living_status: input.living_status,
    categories: input.categories || [],
    org_unit_id: unit.id,
    address: input.address || '',
    notes: input.notes || '',
    contacts: (input.contacts || []).map((c) => ({ id: ++contactSeq, name: c.name, relation: c.relation, phone: c.phone })),
    status: 'active',
    left_reason: null,
    left_date: null,
    left_note: null,
    version: 1,
    created_at: now,
    updated_at: now,
  }
  elders.push(e)
  return e
}
for (let i = 0; i < 46; i++) {
  const y = 1930 + rand(35)
  const m = String(1 + rand(12)).padStart(2, '0')
  const d = String(1 + rand(28)).padStart(2, '0')
  const first17 = `370322${y}${m}${d}${String(rand(1000)).padStart(3, '0')}`
  const comm = comms[rand(comms.length)]
  const inGz = comm.id === guanzhuang.id
  makeElder(
    {
      name: SUR[rand(SUR.length)] + GIV[rand(GIV.length)],
      id_number: first17 + checkChar(first17),
      phone: rand(4) ? `13${rand(10)}${String(rand(1e8)).padStart(8, '0')}` : null,
      living_status: LIVING[rand(LIVING.length)],
      categories: rand(3) ? [] : [CATS[rand(CATS.length)]],
      org_unit_id: inGz && rand(2) ? gzB1.id : comm.id,
      address: `${comm.name}${1 + rand(30)} 号`,
      notes: '',
      contacts: rand(3) ? [{ name: SUR[rand(SUR.length)] + '明', relation: RELS[rand(RELS.length)], phone: `139${String(rand(1e8)).padStart(8, '0')}` }] : [],
    },
    new Date(Date.now() - rand(300) * 864e5).toISOString(),
  )
}

const audit = []
function log(actor, action, entity, entity_id, summary, changes = null, ip = '127.0.0.1') {
  audit.unshift({
    id: audit.length + 1,
    at: new Date().toISOString().replace('Z', '+00:00'),
    actor: actor ? { id: actor.id, username: actor.username, display_name: actor.display_name } : null,
    ip,
    action,
    entity,
    entity_id,
    summary,
    changes,
  })
}

// ---------- helpers ----------
const sessions = new Map() // sid -> { userId, csrf }
const maskId = (v) => v.slice(0, 6) + '********' + v.slice(14)
const maskPhone = (p) => (!p ? null : p.startsWith('1') ? p.slice(0, 3) + '****' + p.slice(7) : p.slice(0, p.indexOf('-') + 1) + '****' + p.slice(-2))
function summary(e) {
  const unit = unitOf(e.org_unit_id)
  const comm = communityOf(unit)
  return {
    id: e.id,
    name: e.name,
    sex: e.sex,
    birth_date: e.birth_date,
    birth_year: Number(e.birth_date.slice(0, 4)),
    age: ageOn(e.birth_date, today()),
    id_number_masked: maskId(e.id_number),
    phone_masked: maskPhone(e.phone),
    living_status: e.living_status,
    categories: e.categories,
    community: { id: comm.id, name: comm.name },
    building: unit.id !== comm.id ? { id: unit.id, name: unit.name } : null,
    address: e.address,
    status: e.status,
  }
}
const full = (e) => ({
  ...summary(e),
  contacts: e.contacts.map((c) => ({ id: c.id, name: c.name, relation: c.relation, phone_masked: maskPhone(c.phone) })),
  notes: e.notes,
  version: e.version,
  left_reason: e.left_reason,
  left_date: e.left_date,
  left_note: e.left_note,
  created_at: e.created_at,
  updated_at: e.updated_at,
})
const meOf = (u, csrf) => {
  const role = roles.find((r) => r.code === u.role)
  const unit = unitOf(u.org_unit_id)
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    role: { code: role.code, name: role.name },
    org_unit: { id: unit.id, name: unit.name, kind: unit.kind },
    permissions: role.permissions,
    data_scope: role.data_scope,
    csrf_token: csrf,
    must_change_password: u.must_change_password,
  }
}
function subtree(id) {
  const out = new Set([id])
  let grew = true
  while (grew) {
    grew = false
    for (const u of units) if (u.parent_id != null && out.has(u.parent_id) && !out.has(u.id)) (out.add(u.id), (grew = true))
  }
  return out
}
const inScope = (user, e) => roles.find((r) => r.code === user.role).data_scope === 'all' || subtree(user.org_unit_id).has(e.org_unit_id)

class HttpErr extends Error {
  constructor(status, code, extra = {}) {
    super(code)
    this.status = status
    this.code = code
    this.extra = extra
  }
}
const fail = (status, code, extra) => {
  throw new HttpErr(status, code, extra)
}

function validateElder(b, existing) {
  const details = []
  const add = (field, code, m) => details.push({ field, code, message: m || msg(code) })
  const creating = !existing
  if (creating || b.name !== undefined) {
    if (!b.name || !String(b.name).trim()) add('name', 'validation.required')
    else if (String(b.name).length > 50) add('name', 'validation.too_long')
  }
  if (creating || b.id_number !== undefined) {
    const r = checkId(b.id_number)
    if (!b.id_number) add('id_number', 'validation.required')
    else if (r.err) add('id_number', 'elder.id_number_invalid', msg(`elder.id_number_invalid.${r.err}`))
    else if (r.age < 60) add('id_number', 'elder.too_young')
    else if (elders.some((e) => e.id_number === r.v && e !== existing)) add('id_number', 'elder.id_number_duplicate')
  }
  if (b.phone && !phoneOk(b.phone)) add('phone', 'elder.phone_invalid')
  if ((creating || b.living_status !== undefined) && !LIVING.includes(b.living_status)) add('living_status', 'validation.required')
  if (b.categories && b.categories.some((c) => !CATS.includes(c))) add('categories', 'validation.invalid')
  if (creating || b.org_unit_id !== undefined) {
    const u = unitOf(b.org_unit_id)
    if (!u || u.kind === 'street') add('org_unit_id', 'elder.org_unit_invalid')
  }
  if ((creating || b.address !== undefined) && !String(b.address || '').trim()) add('address', 'validation.required')
  ;(b.contacts || []).forEach((c, i) => {
    if (!c.name) add(`contacts[${i}].name`, 'validation.required')
    if (!RELS.includes(c.relation)) add(`contacts[${i}].relation`, 'validation.required')
    const keeps = c.id && c.phone === undefined && existing?.contacts.some((x) => x.id === c.id)
    if (!keeps && !c.phone) add(`contacts[${i}].phone`, 'validation.required')
    else if (!keeps && !phoneOk(c.phone)) add(`contacts[${i}].phone`, 'elder.phone_invalid')
  })
  if (details.length) {
    const first = details[0]
    fail(422, first.code, { message: first.message, field: first.field, details: details.length > 1 ? details : undefined })
  }
}

// ---------- CSV import ----------
function parseCsv(text) {
  const rows = []
  let row = [], cell = '', q = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (q) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') q = false
      else cell += ch
    } else if (ch === '"') q = true
    else if (ch === ',') row.push(cell), (cell = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell), rows.push(row), (row = []), (cell = '')
    } else cell += ch
  }
  if (cell || row.length) row.push(cell), rows.push(row)
  return rows.filter((r) => r.some((c) => c.trim()))
}
const HEAD = { 姓名: 'name', 身份证号: 'id_number', 联系电话: 'phone', 居住状况: 'living_status', 特殊类别: 'categories', 所属社区: 'community', '楼栋/网格': 'building', 家庭住址: 'address', 紧急联系人: 'contact_name', 联系人关系: 'contact_relation', 联系人电话: 'contact_phone', 备注: 'notes' }
const LIV_ZH = { 独居: 'alone', 空巢: 'empty_nest', 与子女同住: 'with_family', 机构养老: 'institution', 其他: 'other' }
const CAT_ZH = { 特困: 'extreme_poverty', 低保: 'subsistence', 失独: 'lost_only_child', 残疾: 'disabled', 低收入: 'low_income', 留守: 'left_behind', 优抚对象: 'veteran', 高龄: 'advanced_age' }
const REL_ZH = { 儿子: 'son', 女儿: 'daughter', 配偶: 'spouse', 孙辈: 'grandchild', 亲属: 'relative', 邻居: 'neighbor', 其他: 'other' }
function runImport(buf, user, dry) {
  const rows = parseCsv(buf.toString('utf8').replace(/^\uFEFF/, ''))
  const head = (rows.shift() || []).map((h) => HEAD[h.trim()] || h.trim())
  const errors = []
  const good = []
  const seen = new Set()
  rows.forEach((cells, i) => {
    const rowNo = i + 2
    const r = Object.fromEntries(head.map((h, j) => [h, (cells[j] || '').trim()]))
    const errs = []
    const add = (field, code, m) => errs.push({ row: rowNo, field, code, message: m || msg(code) })
    if (!r.name) add('name', 'validation.required')
    const idc = checkId(r.id_number)
    if (!r.id_number) add('id_number', 'validation.required')
    else if (idc.err) add('id_number', 'elder.id_number_invalid', msg(`elder.id_number_invalid.${idc.err}`))
    else if (idc.age < 60) add('id_number', 'elder.too_young')
    else if (seen.has(idc.v) || elders.some((e) => e.id_number === idc.v)) add('id_number', 'elder.id_number_duplicate')
    if (r.phone && !phoneOk(r.phone)) add('phone', 'elder.phone_invalid')
    const living = LIV_ZH[r.living_status]
    if (!living) add('living_status', 'validation.invalid')
    const cats = (r.categories || '').split(/[、,，]/).map((s) => s.trim()).filter(Boolean)
    if (cats.some((c) => !CAT_ZH[c])) add('categories', 'validation.invalid')
    const comm = units.find((u) => u.name === r.community && (u.kind === 'community' || u.kind === 'village'))
    if (!comm) add('community', 'elder.org_unit_invalid')
    if (!r.address) add('address', 'validation.required')
    if (r.contact_phone && !phoneOk(r.contact_phone)) add('contact_phone', 'elder.phone_invalid')
    if (errs.length) errors.push(...errs)
    else {
      seen.add(idc.v)
      good.push({
        name: r.name,
        id_number: idc.v,
        phone: r.phone || null,
        living_status: living,
        categories: cats.map((c) => CAT_ZH[c]),
        org_unit_id: comm.id,
        address: r.address,
        notes: r.notes,
        contacts: r.contact_name ? [{ name: r.contact_name, relation: REL_ZH[r.contact_relation] || 'other', phone: r.contact_phone }] : [],
      })
    }
  })
  const report = { dry_run: dry, total_rows: rows.length, valid_rows: good.length, created: 0, updated: 0, errors }
  if (!dry) {
    if (errors.length) fail(422, 'import.has_errors', { report })
    good.forEach((g) => makeElder(g))
    report.created = good.length
    log(user, 'import', 'elder', null, `导入 ${good.length} 人`)
  }
  return report
}

// ---------- router ----------
async function handle(req, res, url) {
  EN = /^en/i.test(req.headers['accept-language'] || '')
  const p = url.pathname.replace(/^\/api\/v1/, '')
  const method = req.method
  const chunks = []
  for await (const c of req) chunks.push(c)
  const raw = Buffer.concat(chunks)
  const body = () => (raw.length ? JSON.parse(raw.toString('utf8')) : {})
  const q = Object.fromEntries(url.searchParams)
  const send = (status, data, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
    res.end(data === undefined ? '' : JSON.stringify(data))
  }

  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie || '')?.[1]
  const sess = sid && sessions.get(sid)
  const user = sess && users.find((u) => u.id === sess.userId)

  if (method === 'POST' && p === '/auth/login') {
    const { username, password } = body()
    const u = users.find((x) => x.username === username)
    if (u && u.locked_until && new Date(u.locked_until) > new Date()) {
      const secs = Math.ceil((new Date(u.locked_until) - new Date()) / 1000)
      return send(429, { error: { code: 'auth.locked', message: msg('auth.locked') } }, { 'Retry-After': String(secs) })
    }
    if (!u || !u.active || u.password !== password) {
      if (u) {
        u.fails++
        if (u.fails >= 5) (u.locked_until = new Date(Date.now() + 15 * 60e3).toISOString()), (u.fails = 0)
      }
      log(u || null, 'login_failed', 'user', u?.id ?? null, `登录失败：${username}`)
      return send(401, { error: { code: 'auth.invalid_credentials', message: msg('auth.invalid_credentials') } })
    }
    u.fails = 0
    u.last_login_at = new Date().toISOString()
    const newSid = crypto.randomBytes(16).toString('hex')
    const csrf = crypto.randomBytes(16).toString('hex')
    sessions.set(newSid, { userId: u.id, csrf })
    log(u, 'login', 'user', u.id, '登录')
    return send(200, { user: meOf(u, csrf), csrf_token: csrf }, { 'Set-Cookie': `sid=${newSid}; HttpOnly; Path=/; SameSite=Lax` })
  }
  if (method === 'GET' && p === '/elders/import/template') {
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="template.csv"' })
    return res.end('\uFEFF' + Object.keys(HEAD).join(',') + '\n')
  }

  if (!user) fail(401, 'auth.unauthenticated')
  if (method !== 'GET' && req.headers['x-csrf-token'] !== sess.csrf) fail(403, 'auth.csrf')
  const need = (perm) => {
    if (!roles.find((r) => r.code === user.role).permissions.includes(perm)) fail(403, 'forbidden')
  }
  let m

  if (method === 'POST' && p === '/auth/logout') {
    sessions.delete(sid)
    log(user, 'logout', 'user', user.id, '退出')
    return send(204, undefined, { 'Set-Cookie': 'sid=; Max-Age=0; Path=/' })
  }
  if (method === 'GET' && p === '/me') return send(200, meOf(user, sess.csrf))
  if (method === 'POST' && p === '/me/password') {
    const b = body()
    if (b.old_password !== user.password) fail(422, 'user.password_wrong', { field: 'old_password' })
    if (!b.new_password || b.new_password.length < 10) fail(422, 'user.password_too_short', { field: 'new_password' })
    if (b.new_password === user.username) fail(422, 'user.password_is_username', { field: 'new_password' })
    user.password = b.new_password
    user.must_change_password = false
    log(user, 'password_change', 'user', user.id, '修改密码')
    return send(204)
  }

  // org units
  if (method === 'GET' && p === '/org-units') {
    const counts = new Map()
    for (const e of elders) if (e.status === 'active') for (const u of units) if (subtree(u.id).has(e.org_unit_id)) counts.set(u.id, (counts.get(u.id) || 0) + 1)
    return send(200, { items: units.map((u) => ({ ...u, elder_count: counts.get(u.id) || 0 })) })
  }
  if (method === 'POST' && p === '/org-units') {
    need('system:org:edit')
    const b = body()
    if (!b.name) fail(422, 'validation.required', { field: 'name' })
    if (units.some((u) => u.code === b.code)) fail(422, 'validation.invalid', { field: 'code', message: EN ? 'Code already used' : '编码已存在' })
    const u = addUnit(b.parent_id, b.name, b.kind, b.code, b.sort || 0)
    log(user, 'create', 'org_unit', u.id, `新增组织 ${u.name}`)
    return send(201, { ...u, elder_count: 0 })
  }
  if ((m = /^\/org-units\/(\d+)$/.exec(p)) && method === 'PUT') {
    need('system:org:edit')
    const u = unitOf(+m[1]) || fail(404, 'not_found')
    const b = body()
    if (b.version !== u.version) fail(409, 'conflict.stale_version')
    if (!b.name) fail(422, 'validation.required', { field: 'name' })
    const changes = b.name !== u.name ? { name: [u.name, b.name] } : null
    Object.assign(u, { name: b.name, code: b.code, sort: b.sort, version: u.version + 1 })
    log(user, 'update', 'org_unit', u.id, `修改组织 ${u.name}`, changes)
    return send(200, u)
  }

  // elders
  const filterElders = () => {
    let list = elders.filter((e) => inScope(user, e))
    const status = q.status || 'active'
    if (status !== 'all') list = list.filter((e) => e.status === status)
    // Like the server: a phone matches whole or by its last 4 digits, never a substring.
    if (q.q) list = list.filter((e) => e.name.includes(q.q) || (e.phone || '') === q.q.replace(/-/g, '') || (/^\d{4}$/.test(q.q) && (e.phone || '').endsWith(q.q)) || (q.q.length >= 4 && q.q.length <= 6 && e.id_number.endsWith(q.q.toUpperCase())))
    if (q.community_id) list = list.filter((e) => subtree(+q.community_id).has(e.org_unit_id))
    if (q.org_unit_id) list = list.filter((e) => subtree(+q.org_unit_id).has(e.org_unit_id))
    const age = (e) => ageOn(e.birth_date, today())
    if (q.age_min) list = list.filter((e) => age(e) >= +q.age_min)
    if (q.age_max) list = list.filter((e) => age(e) <= +q.age_max)
    if (q.living_status) list = list.filter((e) => e.living_status === q.living_status)
    if (q.category) list = list.filter((e) => e.categories.includes(q.category))
    if (q.sex) list = list.filter((e) => e.sex === q.sex)
    const s = q.sort || '-created_at'
    const key = s.replace(/^-/, '')
    const dir = s.startsWith('-') ? -1 : 1
    const val = (e) => (key === 'age' ? age(e) : key === 'name' ? e.name : e.created_at)
    list.sort((a, b) => (val(a) < val(b) ? -dir : val(a) > val(b) ? dir : 0))
    return list
  }
  if (method === 'GET' && p === '/elders') {
    need('registry:elder:view')
    const list = filterElders()
    const page = +q.page || 1
    const size = Math.min(+q.size || 20, 100)
    return send(200, { items: list.slice((page - 1) * size, page * size).map(summary), total: list.length, page, size })
  }
  if (method === 'GET' && p === '/elders/export') {
    need('registry:elder:export')
    const list = filterElders()
    log(user, 'export', 'elder', null, `导出 ${list.length} 人`)
    res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': 'attachment; filename="elders.xlsx"' })
    return res.end(list.map((e) => `${e.name},${e.birth_date}`).join('\n'))
  }
  if (method === 'POST' && p === '/elders/import') {
    need('registry:elder:import')
    if (!/csv/.test(req.headers['content-type'] || '')) fail(415, 'import.unsupported')
    return send(200, runImport(raw, user, q.dry_run !== 'false'))
  }
  if (method === 'POST' && p === '/elders') {
    need('registry:elder:create')
    const b = body()
    validateElder(b, null)
    const e = makeElder(b)
    log(user, 'create', 'elder', e.id, `新增老人 ${e.name}`)
    return send(201, full(e))
  }
  if ((m = /^\/elders\/(\d+)(\/[a-z]+)?$/.exec(p))) {
    const e = elders.find((x) => x.id === +m[1] && inScope(user, x)) || fail(404, 'not_found')
    const sub = m[2] || ''
    if (method === 'GET' && !sub) return need('registry:elder:view'), send(200, full(e))
    if (method === 'POST' && sub === '/reveal') {
      need('registry:elder:reveal')
      const b = body()
      const value = b.field === 'id_number' ? e.id_number : b.field === 'phone' ? e.phone : e.contacts.find((c) => c.id === b.contact_id)?.phone
      log(user, 'reveal', 'elder', e.id, `查看 ${e.name} 的${b.field}`)
      return send(200, { value })
    }
    if (method === 'PUT' && !sub) {
      need('registry:elder:edit')
      const b = body()
      if (b.version !== e.version) fail(409, 'conflict.stale_version')
      validateElder(b, e)
      const changes = {}
      for (const k of ['name', 'living_status', 'address', 'notes', 'org_unit_id']) if (b[k] !== undefined && b[k] !== e[k]) (changes[k] = [e[k], b[k]]), (e[k] = b[k])
      if (b.categories) e.categories = b.categories
      if (b.phone !== undefined) e.phone = b.phone
      if (b.id_number) {
        const r = checkId(b.id_number)
        Object.assign(e, { id_number: r.v, birth_date: r.birth, sex: r.sex })
      }
      if (b.contacts)
        e.contacts = b.contacts.map((c) => {
          const old = e.contacts.find((x) => x.id === c.id)
          return { id: old ? old.id : ++contactSeq, name: c.name, relation: c.relation, phone: c.phone ?? old?.phone }
        })
      e.version++
      e.updated_at = new Date().toISOString()
      log(user, 'update', 'elder', e.id, `修改老人 ${e.name}`, Object.keys(changes).length ? changes : null)
      return send(200, full(e))
    }
    if (method === 'POST' && sub === '/leave') {
      need('registry:elder:leave')
      const b = body()
      if (b.version !== e.version) fail(409, 'conflict.stale_version')
      if (!['moved', 'deceased', 'other'].includes(b.reason)) fail(422, 'validation.required', { field: 'reason' })
      Object.assign(e, { status: 'left', left_reason: b.reason, left_date: b.date, left_note: b.note || null, version: e.version + 1 })
      log(user, 'leave', 'elder', e.id, `${e.name} 离册`)
      return send(200, full(e))
    }
  }

  // users, roles, audit
  const userRow = (u) => {
    const role = roles.find((r) => r.code === u.role)
    const unit = unitOf(u.org_unit_id)
    return { id: u.id, username: u.username, display_name: u.display_name, role: { code: role.code, name: role.name }, org_unit: { id: unit.id, name: unit.name }, active: u.active, locked_until: u.locked_until, last_login_at: u.last_login_at }
  }
  if (method === 'GET' && p === '/users') {
    need('system:user:view')
    let list = users
    if (q.q) list = list.filter((u) => u.username.includes(q.q) || u.display_name.includes(q.q))
    const page = +q.page || 1
    const size = +q.size || 20
    return send(200, { items: list.slice((page - 1) * size, page * size).map(userRow), total: list.length })
  }
  if (method === 'POST' && p === '/users') {
    need('system:user:edit')
    const b = body()
    if (users.some((u) => u.username === b.username)) fail(422, 'user.username_taken', { field: 'username' })
    if (!b.password || b.password.length < 10) fail(422, 'user.password_too_short', { field: 'password' })
    const u = { id: users.length + 1, username: b.username, display_name: b.display_name, role: b.role, org_unit_id: b.org_unit_id, active: true, password: b.password, must_change_password: true, locked_until: null, last_login_at: null, fails: 0 }
    users.push(u)
    log(user, 'create', 'user', u.id, `新增用户 ${u.username}`)
    return send(201, userRow(u))
  }
  if ((m = /^\/users\/(\d+)(\/reset-password)?$/.exec(p))) {
    need('system:user:edit')
    const u = users.find((x) => x.id === +m[1]) || fail(404, 'not_found')
    if (method === 'PUT' && !m[2]) {
      const b = body()
      Object.assign(u, { display_name: b.display_name, role: b.role, org_unit_id: b.org_unit_id, active: b.active })
      log(user, 'update', 'user', u.id, `修改用户 ${u.username}`)
      return send(200, userRow(u))
    }
    if (method === 'POST' && m[2]) {
      const temp = crypto.randomBytes(6).toString('base64url')
      Object.assign(u, { password: temp, must_change_password: true, locked_until: null })
      log(user, 'password_reset', 'user', u.id, `重置 ${u.username} 的密码`)
      return send(200, { temporary_password: temp })
    }
  }
  if (method === 'GET' && p === '/roles') return send(200, { items: roles })
  if (method === 'GET' && p === '/audit') {
    need('system:audit:view')
    let list = audit
    if (q.actor) list = list.filter((a) => a.actor?.username.includes(q.actor))
    if (q.action) list = list.filter((a) => a.action === q.action)
    if (q.entity) list = list.filter((a) => a.entity === q.entity)
    if (q.entity_id) list = list.filter((a) => String(a.entity_id) === q.entity_id)
    if (q.from) list = list.filter((a) => new Date(a.at) >= new Date(q.from))
    if (q.to) list = list.filter((a) => new Date(a.at) <= new Date(q.to))
    const page = +q.page || 1
    const size = +q.size || 20
    return send(200, { items: list.slice((page - 1) * size, page * size), total: list.length })
  }
  fail(404, 'not_found')
}

const MIME = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png' }
function serveStatic(url, res) {
  let file = path.join(DIST, decodeURIComponent(url.pathname))
  if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html')
  if (!fs.existsSync(file)) {
    res.writeHead(404)
    return res.end('web/dist not built: run npm run build')
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    if (!url.pathname.startsWith('/api/')) return serveStatic(url, res)
    try {
      await handle(req, res, url)
    } catch (e) {
      if (e instanceof HttpErr) {
        const { report, message, ...rest } = e.extra
        const body = { error: { code: e.code, message: message || msg(e.code), ...rest } }
        if (report) body.report = report
        res.writeHead(e.status, { 'Content-Type': 'application/json; charset=utf-8' })
        return res.end(JSON.stringify(body))
      }
      console.error(e)
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: { code: 'internal', message: msg('internal') } }))
    }
  })
  .listen(PORT, '127.0.0.1', () => console.log(`mock server on http://127.0.0.1:${PORT} (password ${PASSWORD})`))
