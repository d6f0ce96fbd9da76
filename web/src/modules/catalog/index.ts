import { Goods } from '@element-plus/icons-vue'
import { defineModule, page } from '@/modules/types'

/**
 * 服务目录 (service catalogue): the service items that orders and plans will pick from.
 * The worked example of "adding a web module" (docs/ARCHITECTURE.md): this file, its views and
 * API beside it, and its strings in src/locales/modules/catalog.{zh-CN,en}.ts; nothing shared.
 * The icon is imported, not named, so it need not be registered globally.
 */
export default defineModule({
  name: 'catalog',
  order: 25,
  routes: [page('catalog', 'catalog', () => import('./views/ItemList.vue'), 'catalog.menu', 'catalog:item:view', { icon: Goods })],
  shortcuts: [{ to: '/catalog', icon: Goods, label: 'catalog.menu', permission: 'catalog:item:view' }],
})
