import { defineStore } from 'pinia'
import { ref } from 'vue'

export const MOBILE_QUERY = '(max-width: 768px)'

export const useAppStore = defineStore('app', () => {
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null
  const isMobile = ref(mql ? mql.matches : false)
  const collapsed = ref(false)
  const drawerOpen = ref(false)
  mql?.addEventListener('change', (e) => {
    isMobile.value = e.matches
    drawerOpen.value = false
  })
  function toggleMenu() {
    if (isMobile.value) drawerOpen.value = !drawerOpen.value
    else collapsed.value = !collapsed.value
  }
  return { isMobile, collapsed, drawerOpen, toggleMenu }
})
