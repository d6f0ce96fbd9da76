/**
 * UI strings of feature modules, one pair of files per topic: `<topic>.zh-CN.ts` and
 * `<topic>.en.ts`, each exporting `{ <topic>: { … } }` with the same keys. They are merged over
 * the base messages (zh-CN.ts, en.ts), so a module adds its strings without touching shared
 * files. Top-level keys must not repeat across modules (locales.test.ts checks it).
 */
type Messages = Record<string, unknown>

const zhFiles = import.meta.glob<Messages>('./*.zh-CN.ts', { eager: true, import: 'default' })
const enFiles = import.meta.glob<Messages>('./*.en.ts', { eager: true, import: 'default' })

export const moduleFiles = { 'zh-CN': zhFiles, en: enFiles }

export const moduleMessages = {
  'zh-CN': Object.assign({}, ...Object.values(zhFiles)) as Messages,
  en: Object.assign({}, ...Object.values(enFiles)) as Messages,
}
