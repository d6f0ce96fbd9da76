/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { compressAssets } from './build-tools/compress'
import { fileURLToPath, URL } from 'node:url'

// The C++ server serves web/dist and falls back to index.html for client routes.
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components and directives (v-loading) are imported where a template uses them,
    // with their own CSS, instead of the whole library.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })], dts: false }),
    compressAssets(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      // ws: the live feed (GET /api/v1/live) is a WebSocket.
      '/api': { target: process.env.API_TARGET || 'http://127.0.0.1:8080', changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
  },
})
