import { createRouter, type RouterHistory, type Router } from 'vue-router';
// The landing page is part of the shell (no extra round trip); the others load on demand.
import AppsPage from './pages/AppsPage.vue';

export function createAdminRouter(history: RouterHistory): Router {
  return createRouter({
    history,
    routes: [
      { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
      { path: '/', redirect: '/apps' },
      { path: '/apps', name: 'apps', component: AppsPage },
      { path: '/modules/:name', name: 'module', component: () => import('./pages/ModulePage.vue'), props: true },
      { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
      { path: '/operations', name: 'operations', component: () => import('./pages/OperationsPage.vue') },
      { path: '/operations/:id', name: 'operation', component: () => import('./pages/OperationPage.vue'), props: true },
      { path: '/backups', name: 'backups', component: () => import('./pages/BackupsPage.vue') },
      { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
      { path: '/:path(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
    ],
  });
}
