/**
 * UI language: zh-CN by default, English selectable; the choice is kept in localStorage and
 * Element Plus' own locale follows it (see App.vue).
 */
import { createI18n } from 'vue-i18n'
import { computed } from 'vue'
import zhCnEp from 'element-plus/es/locale/lang/zh-cn'
import enEp from 'element-plus/es/locale/lang/en'
import zhCN from './zh-CN'
import en from './en'
import { deepMerge, moduleMessages } from './modules'

export type Lang = 'zh-CN' | 'en'
export const LANGS: Lang[] = ['zh-CN', 'en']
const STORAGE_KEY = 'tz.lang'

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export type MessageSchema = typeof zhCN

export const i18n = createI18n<[MessageSchema], Lang, false>({
  legacy: false,
  locale: initialLang(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': deepMerge(deepMerge({}, zhCN), moduleMessages['zh-CN']) as MessageSchema,
    en: deepMerge(deepMerge({}, en), moduleMessages.en) as MessageSchema,
  },
  missingWarn: false,
  fallbackWarn: false,
})

export function currentLang(): Lang {
  return i18n.global.locale.value as Lang
}

export function setLang(lang: Lang) {
  i18n.global.locale.value = lang
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    /* ignore */
  }
  document.documentElement.lang = lang
  document.title = i18n.global.t('app.name')
}

export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? enEp : zhCnEp))

/** Translate an enum code, falling back to the code itself. */
export function enumLabel(group: string, code: string | null | undefined): string {
  if (!code) return ''
  const key = `enums.${group}.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : code
}
