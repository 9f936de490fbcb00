// Builds the admin app: services, pinia, router (with the login guard), module runtime.
import { createApp, h } from 'vue';
import { createPinia } from 'pinia';
import type { RouterHistory } from 'vue-router';
import App from './App.vue';
import { createAdminRouter } from './router';
import { createServices, ServicesKey, type Services } from './services';
import { createModuleRuntime, ModuleRuntimeKey, type Importer } from './runtime/moduleRuntime';
import { useSession } from './stores/session';
import { useModules } from './stores/modules';
import { HubApiError } from '@hub/api/lite';

export interface CreateAdminOptions {
  history: RouterHistory;
  services?: Services;
  importer?: Importer;
  baseUrl?: string;
  /** The app: a fetch taking the early answers (earlyAnswers.ts); tests: a fake fetch and storage. */
  fetch?: typeof fetch;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export function createAdmin(opts: CreateAdminOptions) {
  const router = createAdminRouter(opts.history);
  let onUnauthorized = (_e: HubApiError) => {};
  const services = opts.services ?? createServices({ baseUrl: opts.baseUrl, fetch: opts.fetch, storage: opts.storage, onUnauthorized: (e) => onUnauthorized(e) });
  const app = createApp({ render: () => h(App) });
  const pinia = createPinia();
  app.use(pinia);
  app.provide(ServicesKey, services);
  const runtime = createModuleRuntime({ router, app, client: services.client, importer: opts.importer, can: (p) => session.can(p) });
  app.provide(ModuleRuntimeKey, runtime);
  app.config.errorHandler = (err, _vm, info) => console.error('[hub admin]', info, err);

  const session = app.runWithContext(() => useSession(pinia));
  const modules = app.runWithContext(() => useModules(pinia));

  // 401 anywhere: back to the login page with a message, then back where the person was.
  onUnauthorized = () => {
    const current = router.currentRoute.value;
    session.expired('Your session expired. Sign in again.');
    for (const name of runtime.state.modules) runtime.unregister(name);
    resetBoot(); // the next sign-in loads the user and the modules again
    if (current.name !== 'login') router.replace({ name: 'login', query: { redirect: current.fullPath } });
  };

  session.onExpiry.push(() => {
    const current = router.currentRoute.value;
    for (const name of runtime.state.modules) runtime.unregister(name);
    resetBoot();
    if (current.name !== 'login') router.replace({ name: 'login', query: { redirect: current.fullPath } });
  });

  /** After login and after every lifecycle operation: refetch modules, resync module routes. */
  async function refreshModules() {
    await modules.refresh();
    await runtime.sync(modules.installed);
  }

  // First protected navigation: who am I, and the modules (for /m/ routes), in parallel. Only
  // module paths wait for the module list; other pages render at once and show their own loading.
  let booted: Promise<void> | null = null;
  let modulesReady: Promise<void> = Promise.resolve();
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    if (!services.client.getToken()) return { name: 'login', query: to.fullPath !== '/' && to.fullPath !== '/apps' ? { redirect: to.fullPath } : {} };
    if (!booted) {
      modulesReady = refreshModules().catch(() => {}); // the Apps page shows the list's error itself
      booted = session.restore().then(() => {});
      booted.catch(() => { booted = null; });
    }
    try {
      await booted;
    } catch (e) {
      if (HubApiError.is(e) && e.status === 401) return { name: 'login', query: { redirect: to.fullPath } };
      // Hub unreachable: let the page render its own error state.
    }
    if (to.path.startsWith('/m/')) {
      await modulesReady;
      // A module path typed before its routes existed: resolve again now that they do.
      if (to.name === 'not-found' && router.resolve(to.fullPath).name !== 'not-found') return to.fullPath;
    }
    return true;
  });

  function resetBoot() { booted = null; }

  app.use(router);
  app.provide('hub:refreshModules', refreshModules);
  app.provide('hub:resetBoot', resetBoot);
  return { app, router, pinia, services, runtime, refreshModules, resetBoot };
}
