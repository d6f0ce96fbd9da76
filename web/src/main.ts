import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
// Components come on demand (vite.config.ts); the CSS of what is called from scripts rather than
// templates is imported here, and the theme variables every component reads.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import './styles/index.css'
import { registerIcons } from './icons'

import App from './App.vue'
import { router } from './router'
import { currentLang, i18n } from './locales'
import { setupClient } from './api/request'
import { useUserStore } from './stores/user'
import { createPermDirective } from './directives/perm'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
registerIcons(app)

const user = useUserStore(pinia)
app.directive('perm', createPermDirective(() => user.permissions))

// One error toast at a time: the same message twice in a row is not repeated.
let lastToast = { text: '', at: 0 }
setupClient({
  getCsrfToken: () => user.csrfToken,
  getLanguage: () => currentLang(),
  onUnauthorized: () => {
    user.clear()
    const here = router.currentRoute.value
    if (here.name !== 'login') {
      router.push({ name: 'login', query: { redirect: here.fullPath } })
    }
  },
  notifyError: (text) => {
    const now = Date.now()
    if (text === lastToast.text && now - lastToast.at < 3000) return
    lastToast = { text, at: now }
    ElMessage({ type: 'error', message: text, grouping: true, showClose: true })
  },
  fallbackMessage: (status) =>
    status === 0 ? i18n.global.t('common.networkError') : i18n.global.t('common.serverError', { status }),
})

document.documentElement.lang = currentLang()
app.use(router)
app.mount('#app')
