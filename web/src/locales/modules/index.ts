/**
 * UI strings of feature modules, one pair of files per module or topic: `<name>.zh-CN.ts` and
 * `<name>.en.ts` with the same keys. They are merged deeply over the base messages (zh-CN.ts,
 * en.ts: app-wide strings only), so a module brings its own strings, menu titles (`menu.*`) and
 * enum labels (`enums.*`) without touching shared files. Permission names and audit labels come
 * from the server (GET /permissions, GET /audit/labels). No key path may be defined twice
 * (locales.test.ts checks it).
 */
type Messages = Record<string, unknown>

const zhFiles = import.meta.glob<Messages>('./*.zh-CN.ts', { eager: true, import: 'default' })
const enFiles = import.meta.glob<Messages>('./*.en.ts', { eager: true, import: 'default' })

export const moduleFiles = { 'zh-CN': zhFiles, en: enFiles }

const isObject = (v: unknown): v is Messages => !!v && typeof v === 'object' && !Array.isArray(v)

/** Merges `from` into `into` (objects deeply; a leaf in `from` wins). */
export function deepMerge(into: Messages, from: Messages): Messages {
  for (const [k, v] of Object.entries(from)) {
    into[k] = isObject(v) && isObject(into[k]) ? deepMerge({ ...(into[k] as Messages) }, v) : isObject(v) ? deepMerge({}, v) : v
  }
  return into
}

export const moduleMessages = {
  'zh-CN': Object.values(zhFiles).reduce<Messages>((all, m) => deepMerge(all, m), {}),
  en: Object.values(enFiles).reduce<Messages>((all, m) => deepMerge(all, m), {}),
}
