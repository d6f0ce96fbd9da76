import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import * as Icons from '@element-plus/icons-vue'
import 'element-plus/dist/index.css'
import './styles/index.css'

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
app.use(ElementPlus)
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)

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
