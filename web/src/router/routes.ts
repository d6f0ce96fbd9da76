import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { moduleRoutes } from '@/modules'

/**
 * Route meta:
 *  - title: locale key for the page title and menu;
 *  - permission: code(s) the user needs (any one); the side menu hides what the user lacks;
 *  - icon: Element Plus icon for the menu (a registered name, or the component);
 *  - hidden: not in the menu;
 *  - public: reachable without signing in.
 */
declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    permission?: string | string[]
    icon?: string | Component
    hidden?: boolean
    public?: boolean
    activeMenu?: string
  }
}

/**
 * App-wide routes only. Feature routes come from the modules (src/modules/<m>/index.ts, collected
 * in src/modules/index.ts) and sit between home and the app's own hidden pages.
 */
export const layoutChildren: RouteRecordRaw[] = [
  {
    path: 'home',
    name: 'home',
    component: () => import('@/views/home/index.vue'),
    meta: { title: 'menu.home', icon: 'HomeFilled' },
  },
  ...moduleRoutes,
  {
    path: 'password',
    name: 'password',
    component: () => import('@/views/password/index.vue'),
    meta: { title: 'menu.password', icon: 'Lock', hidden: true },
  },
  {
    path: '403',
    name: 'forbidden',
    component: () => import('@/views/error/index.vue'),
    props: { code: 403 },
    meta: { title: 'common.forbidden', hidden: true },
  },
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layout/index.vue'),
    redirect: '/home',
    children: [
      ...layoutChildren,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/index.vue'),
        props: { code: 404 },
        meta: { title: 'common.notFound', hidden: true },
      },
    ],
  },
]
