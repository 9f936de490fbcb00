import { createRouter, type RouterHistory, type Router } from 'vue-router';

export function createAdminRouter(history: RouterHistory): Router {
  return createRouter({
    history,
    routes: [
      { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
      { path: '/', redirect: '/apps' },
      { path: '/apps', name: 'apps', component: () => import('./pages/AppsPage.vue') },
      { path: '/modules/:name', name: 'module', component: () => import('./pages/ModulePage.vue'), props: true },
      { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
      { path: '/:path(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
    ],
  });
}
