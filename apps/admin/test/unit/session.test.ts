import { afterEach, describe, expect, it } from 'vitest';
import { mountAdmin } from '../helpers/mountAdmin';
import { until, type Fixtures } from '../helpers/fakeHub';
import { mounted, user } from '../helpers/fixtures';

let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });

const routes = (expiresInMs: number): Fixtures => ({
  login: () => ({ body: { token: 'short', user: user(), expiresAt: new Date(Date.now() + expiresInMs).toISOString() } }),
  logout: () => ({ status: 204 }),
  me: () => ({ body: { user: user(), tokenId: 1 } }),
  listModules: () => ({ body: { items: [mounted('base')] } }),
  audit: () => ({ body: { items: [] } }),
});

async function signIn(el: HTMLElement) {
  const email = el.querySelector('[data-test="email"] input') as HTMLInputElement;
  const password = el.querySelector('[data-test="password"] input') as HTMLInputElement;
  email.value = 'admin@example.com'; email.dispatchEvent(new Event('input'));
  password.value = 'secret'; password.dispatchEvent(new Event('input'));
  await until(() => !(el.querySelector('[data-test="login-submit"]') as HTMLButtonElement).disabled);
  (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
}

describe('session', () => {
  it('without a token every page leads to the login page, then back to it', async () => {
    const a = await mountAdmin(routes(60_000), { path: '/audit' });
    cleanup = a.unmount;
    expect(a.router.currentRoute.value.name).toBe('login');
    expect(a.router.currentRoute.value.query.redirect).toBe('/audit');
    await signIn(a.el);
    await until(() => a.router.currentRoute.value.path === '/audit');
  });

  it('when the token reaches expiresAt, the person is sent to sign in again with "session expired"', async () => {
    const a = await mountAdmin(routes(400), { path: '/login' });
    cleanup = a.unmount;
    await signIn(a.el);
    await until(() => a.router.currentRoute.value.path === '/apps');
    await until(() => a.router.currentRoute.value.name === 'login', 3000);
    await until(() => !!a.el.querySelector('[data-test="login-notice"]'));
    expect(a.el.querySelector('[data-test="login-notice"]')?.textContent?.toLowerCase()).toContain('session expired');
    expect(a.storage.getItem('hub.token')).toBeNull();
  });

  it('sign out revokes the token on the server and shows the login page', async () => {
    const a = await mountAdmin(routes(60_000), { token: 'tk' });
    cleanup = a.unmount;
    await until(() => !!a.el.querySelector('[data-test="logout"]'));
    (a.el.querySelector('[data-test="logout"]') as HTMLElement).click();
    await until(() => a.router.currentRoute.value.name === 'login');
    expect(a.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/auth/logout' && c.headers.authorization === 'Bearer tk')).toBe(true);
    expect(a.storage.getItem('hub.token')).toBeNull();
  });
});
