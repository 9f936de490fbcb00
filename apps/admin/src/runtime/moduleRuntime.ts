// Adds and removes the routes of installed modules' admin entries at run time (router.addRoute /
// removeRoute) and loads each entry with import() — vue, vue-router and pinia come from the
// admin's import map, so an entry shares this app's instances.
import { markRaw, reactive, type App } from 'vue';
import { START_LOCATION, type RouteRecordRaw, type Router } from 'vue-router';
import type { AdminClient } from '../api/client';
import type { ModuleListItem } from '../api/types';
import { checkEntry, moduleBase, type AdminContext, type AdminEntry } from './contract';
// Loaded with the first module page: keeps it (and the dialog provider it brings) out of the shell's first load.
const ModuleHost = () => import('./ModuleHost.vue');
import ModulePending from './ModulePending.vue';

export type Importer = (url: string) => Promise<unknown>;

interface Registered {
  name: string;
  /** The entry's URL for this version. */
  baseUrl: string;
  /** What is imported: baseUrl, or under hub dev baseUrl with the stamp of the last rebuild. */
  url: string;
  version: string;
  /** Removes the routes the entry added (a reload adds the new ones). */
  childRoutes: (() => void)[];
  /** Set once the entry's routes are added. */
  loading?: Promise<AdminEntry>;
  ctx: AdminContext;
}

export const routeName = (module: string) => `module:${module}`;

export function createModuleRuntime(opts: { router: Router; app?: App; client: AdminClient; importer?: Importer; can?: (permission: string) => boolean }) {
  const { router, client } = opts;
  // Bundled code can't call import() of an arbitrary URL without @vite-ignore.
  const importer: Importer = opts.importer ?? ((url) => import(/* @vite-ignore */ url));
  const registered = new Map<string, Registered>();
  /** Reactive view for the menu and tests. */
  const state = reactive({ modules: [] as string[], revisions: {} as Record<string, number> });

  function makeContext(name: string): AdminContext {
    return markRaw({
      module: name,
      basePath: moduleBase(name),
      router,
      can: (permission: string) => opts.can?.(permission) ?? false,
      async api<T>(path: string, init: RequestInit = {}): Promise<T> {
        const extra: Record<string, string> = {};
        new Headers(init.headers).forEach((v, k) => (extra[k] = v));
        if (typeof init.body === 'string' && !extra['content-type']) extra['content-type'] = 'application/json';
        const body = init.body === undefined || init.body === null ? undefined : init.body;
        const res = await client.moduleFetch(path, { method: init.method ?? 'GET', headers: extra, body, signal: init.signal ?? undefined });
        const text = await res.text();
        try { return (text ? JSON.parse(text) : undefined) as T; } catch { return text as T; }
      },
    });
  }

  function register(m: ModuleListItem) {
    const url = `${m.admin}${m.admin!.includes('?') ? '&' : '?'}v=${encodeURIComponent(m.installedVersion ?? m.version)}`;
    const prev = registered.get(m.name);
    if (prev && prev.baseUrl === url) return;
    if (prev) unregister(m.name);
    const ctx = makeContext(m.name);
    registered.set(m.name, { name: m.name, baseUrl: url, url, version: m.version, childRoutes: [], ctx });
    const record: RouteRecordRaw = {
      path: moduleBase(m.name),
      name: routeName(m.name),
      component: ModuleHost,
      props: { module: m.name },
      meta: { module: m.name },
      // Until the entry is loaded every path under the module shows the host's loading state.
      children: [{ path: ':pending(.*)*', name: `${routeName(m.name)}:pending`, component: ModulePending, meta: { module: m.name, pending: true } }],
    };
    router.addRoute(record);
    state.modules = [...registered.keys()].sort();
  }

  function unregister(name: string) {
    if (!registered.has(name)) return;
    registered.delete(name);
    if (router.hasRoute(routeName(name))) router.removeRoute(routeName(name));
    state.modules = [...registered.keys()].sort();
  }

  /** Makes the routes match the installed, enabled modules that have an admin entry. */
  async function sync(installed: ModuleListItem[]) {
    const wanted = installed.filter((m) => m.state === 'installed' && m.enabled !== false && !!m.admin);
    const names = new Set(wanted.map((m) => m.name));
    const current = router.currentRoute.value;
    const currentModule = current.meta?.module as string | undefined;
    for (const name of [...registered.keys()]) if (!names.has(name)) unregister(name);
    for (const m of wanted) register(m);
    // Only after the first navigation: sync also runs inside the boot guard, where navigating would deadlock.
    if (current === START_LOCATION) return;
    if (currentModule && !names.has(currentModule)) await router.replace('/apps');
    else if (current.name === 'not-found' && current.path.startsWith('/m/')) await router.replace({ path: current.path, query: current.query, hash: current.hash, force: true });
  }

  /** Imports the module's entry once, adds its routes, runs install(app, ctx). */
  function load(name: string): Promise<AdminEntry> {
    const r = registered.get(name);
    if (!r) return Promise.reject(new Error(`Module "${name}" has no admin views (not installed, disabled, or without an admin entry).`));
    if (!r.loading) {
      r.loading = (async () => {
        let mod: unknown;
        try {
          mod = await importer(r.url);
        } catch (e) {
          throw new Error(`Could not load the admin views of "${name}" from ${r.url}: ${(e as Error)?.message ?? e}`, { cause: e });
        }
        const entry = checkEntry(mod, name);
        if (registered.get(name) !== r) return entry; // uninstalled meanwhile
        for (const child of entry.routes ?? []) r.childRoutes.push(router.addRoute(routeName(name), child));
        if (entry.install && opts.app) await entry.install(opts.app, r.ctx);
        return entry;
      })();
      r.loading.catch(() => { if (registered.get(name) === r) r.loading = undefined; });
    }
    return r.loading;
  }

  /**
   * hub dev rebuilt the module's bundle: the next load imports it from a new URL (not the copy the
   * browser holds) and adds its routes again. Its views are dropped, and an open module area
   * (ModuleHost, which follows state.revisions) loads and shows the new ones in place.
   */
  function reload(name: string, stamp: string): void {
    const r = registered.get(name);
    if (!r) return;
    r.url = `${r.baseUrl}&dev=${encodeURIComponent(stamp)}`;
    for (const remove of r.childRoutes.splice(0)) remove();
    r.loading = undefined;
    state.revisions[name] = (state.revisions[name] ?? 0) + 1;
  }

  return {
    state,
    sync,
    load,
    reload,
    register,
    unregister,
    context: (name: string) => registered.get(name)?.ctx,
    has: (name: string) => registered.has(name),
  };
}

export type ModuleRuntime = ReturnType<typeof createModuleRuntime>;
export const ModuleRuntimeKey = Symbol('hub-module-runtime');
