import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, inject } from 'vue';
import { mountAdmin } from '../helpers/mountAdmin';
import { refusal, until, type Fixtures } from '../helpers/fakeHub';
import { detail, mod, mounted, user } from '../helpers/fixtures';
import type { ModuleListItem } from '../../src/api/types';

const Hello = defineComponent({ setup: () => { const hub = inject<{ module: string }>('hub'); return () => h('div', { 'data-test': 'hello-view' }, `Hello from ${hub?.module}`); } });
const Boom = defineComponent({ setup: () => () => { throw new Error('Boom: render failed'); } });
const entries: Record<string, unknown> = {
  '/modules/hello/admin/index.js?v=1.0.0': { default: { routes: [{ path: '', component: Hello }, { path: 'boom', component: Boom }] } },
};
const importer = async (url: string) => {
  if (url.startsWith('/modules/broken/')) throw new TypeError('Failed to fetch dynamically imported module');
  if (!(url in entries)) throw new Error(`unexpected import ${url}`);
  return entries[url];
};

/** An installed module with an admin entry and one menu item, as the list sends a mounted one (base has neither). */
const withView = (name: string): ModuleListItem => mounted(name, name === 'base' ? {} : {
  menus: [{ name: `${name[0].toUpperCase()}${name.slice(1)}`, path: '/', sequence: 10 }], admin: `/modules/${name}/admin/index.js`,
});

function hub(initial: ModuleListItem[]) {
  const state = { list: initial };
  const routes: Fixtures = {
    me: () => ({ body: { user: user(), tokenId: 1 } }),
    listModules: () => ({ body: { items: state.list } }),
    getModule: (c) => ({ body: detail(state.list.find((m) => m.name === c.params.name)!) }),
  };
  return { state, routes };
}

let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });
const menu = (el: HTMLElement) => [...el.querySelectorAll('[data-test="main-menu"] a')].map((a) => a.textContent?.trim());

describe('module views at run time', () => {
  it('adds the menu and routes of an installed module, shows an error panel for a throwing view while the rest keeps working, removes them on uninstall', async () => {
    const h1 = hub([withView('base'), withView('hello')]);
    const a = await mountAdmin(h1.routes, { token: 'tk', importer });
    cleanup = a.unmount;
    await until(() => menu(a.el).includes('Hello'));
    expect(menu(a.el)).toEqual(['Apps', 'Operations', 'Backups', 'Settings', 'Audit log', 'Hello']);

    await a.router.push('/m/hello');
    await until(() => !!a.el.querySelector('[data-test="hello-view"]')).catch((e) => { console.log('DBG', a.router.currentRoute.value.fullPath, a.router.currentRoute.value.matched.map((r) => r.path), a.el.querySelector('.content')?.innerHTML); throw e; });
    expect(a.el.querySelector('[data-test="hello-view"]')?.textContent).toBe('Hello from hello');

    // A view that throws while rendering: error panel in the module's area, menu still there.
    await a.router.push('/m/hello/boom');
    await until(() => !!a.el.querySelector('[data-test="error-panel"]'));
    expect(a.el.querySelector('.module-host [data-test="error-message"]')?.textContent).toContain('Boom: render failed');
    expect(menu(a.el)).toContain('Apps');
    // ...and the rest of the admin keeps working.
    await a.router.push('/apps');
    await until(() => !!a.el.querySelector('[data-test="app-card-hello"]'));
    await a.router.push('/m/hello');
    await until(() => !!a.el.querySelector('[data-test="hello-view"]'));

    // Uninstalled: menu and routes are gone, and we are taken off the module's page.
    h1.state.list = [withView('base'), mod('hello', { state: 'uninstalled' })];
    await a.refreshModules();
    await until(() => !menu(a.el).includes('Hello'));
    expect(a.router.currentRoute.value.path).toBe('/apps');
    expect(a.router.hasRoute('module:hello')).toBe(false);
    expect(a.router.resolve('/m/hello').name).toBe('not-found');

    // Installed again: back without reloading anything.
    h1.state.list = [withView('base'), withView('hello')];
    await a.refreshModules();
    await until(() => menu(a.el).includes('Hello'));
  });

  it('an admin entry that fails to import shows an error panel with the reason, not a blank page', async () => {
    const h1 = hub([withView('broken')]);
    const a = await mountAdmin(h1.routes, { token: 'tk', importer, path: '/m/broken' });
    cleanup = a.unmount;
    await until(() => !!a.el.querySelector('[data-test="error-panel"]'));
    expect(a.el.textContent).toContain("The broken module's admin could not be loaded");
    expect(a.el.querySelector('[data-test="error-message"]')?.textContent).toContain('Failed to fetch dynamically imported module');
    expect(menu(a.el)).toEqual(['Apps', 'Operations', 'Backups', 'Settings', 'Audit log', 'Broken']);
  });

  it('under hub dev a rebuilt module is imported again from a new URL and its view replaced in place; a list refresh keeps it', async () => {
    const Edited = defineComponent({ setup: () => () => h('div', { 'data-test': 'hello-view' }, 'Hello, edited') });
    const imported: string[] = [];
    const devImporter = async (url: string) => {
      imported.push(url);
      return url.endsWith('&dev=s1') ? { default: { routes: [{ path: '', component: Edited }] } } : importer(url);
    };
    const h1 = hub([withView('base'), withView('hello')]);
    const a = await mountAdmin(h1.routes, { token: 'tk', importer: devImporter, path: '/m/hello' });
    cleanup = a.unmount;
    await until(() => a.el.querySelector('[data-test="hello-view"]')?.textContent === 'Hello from hello');
    a.runtime.reload('hello', 's1');
    await until(() => a.el.querySelector('[data-test="hello-view"]')?.textContent === 'Hello, edited');
    expect(imported).toEqual(['/modules/hello/admin/index.js?v=1.0.0', '/modules/hello/admin/index.js?v=1.0.0&dev=s1']);
    expect(a.router.currentRoute.value.path).toBe('/m/hello');
    // The old entry's routes are gone: only the new one's empty path is left under the module.
    expect(a.router.resolve('/m/hello/boom').matched.at(-1)?.name).toBe('module:hello:pending');
    // The module list coming again (same version) does not go back to the old bundle.
    await a.refreshModules();
    await a.router.push('/apps');
    await a.router.push('/m/hello');
    await until(() => a.el.querySelector('[data-test="hello-view"]')?.textContent === 'Hello, edited');
    expect(imported).toHaveLength(2);
  });

  it('a 401 from any call sends the person to the login page with "session expired", then back', async () => {
    let expired = false;
    const h1 = hub([withView('base')]);
    const a = await mountAdmin({
      ...h1.routes,
      audit: () => (expired ? refusal(401, 'HUB_TOKEN_EXPIRED', 'The token expired', { hint: 'Sign in again.' }) : { body: { items: [] } }),
      login: () => ({ body: { token: 'new', user: user(), expiresAt: '2030-01-01T00:00:00.000Z' } }),
    }, { token: 'tk' });
    cleanup = a.unmount;
    await until(() => !!a.el.querySelector('[data-test="apps-page"]'));
    expired = true;
    await a.router.push('/audit');
    await until(() => a.router.currentRoute.value.name === 'login');
    expect(a.router.currentRoute.value.query.redirect).toBe('/audit');
    await until(() => !!a.el.querySelector('[data-test="login-notice"]'));
    expect(a.el.querySelector('[data-test="login-notice"]')?.textContent?.toLowerCase()).toContain('session expired');
    expect(a.storage.getItem('hub.token')).toBeNull();

    expired = false;
    const listCalls = () => a.calls.filter((c) => c.route === 'listModules').length;
    const before = listCalls();
    const email = a.el.querySelector('[data-test="email"] input') as HTMLInputElement;
    const password = a.el.querySelector('[data-test="password"] input') as HTMLInputElement;
    email.value = 'admin@example.com'; email.dispatchEvent(new Event('input'));
    password.value = 'secret'; password.dispatchEvent(new Event('input'));
    await until(() => !(a.el.querySelector('[data-test="login-submit"]') as HTMLButtonElement).disabled);
    (a.el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
    await until(() => a.router.currentRoute.value.path === '/audit');
    expect(a.storage.getItem('hub.token')).toBe('new');
    expect(listCalls()).toBeGreaterThan(before); // modules (and their menus) loaded again after the new sign-in
    expect(a.calls.find((c) => c.route === 'login')?.body).toEqual({ email: 'admin@example.com', password: 'secret' });
  });
});
