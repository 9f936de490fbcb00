import { describe, expect, it, vi } from 'vitest';
import { HubApiError } from '@hub/api/lite';
import { createAdminClient, TOKEN_KEY } from './client';
import { createHubApi } from './hub';
import { fakeHub, memoryStorage, refusal } from '../../test/helpers/fakeHub';
import { mounted, user } from '../../test/helpers/fixtures';

describe('admin client', () => {
  it('sends the bearer token from storage and the query as the route reads it', async () => {
    const { fetch, calls } = fakeHub({ listModules: () => ({ body: { items: [mounted('base')] } }) });
    const api = createHubApi(createAdminClient({ fetch, storage: memoryStorage({ [TOKEN_KEY]: 't0k' }) }));
    expect((await api.list({ installedOnly: true, search: '' })).map((m) => m.name)).toEqual(['base']);
    expect(calls[0].headers.authorization).toBe('Bearer t0k');
    expect(calls[0].query.get('installed_only')).toBe('true');
    expect(calls[0].query.has('search')).toBe(false);
  });

  it('on 401 drops the token, calls onUnauthorized once and throws the server error', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'expired' });
    const onUnauthorized = vi.fn();
    const { fetch } = fakeHub({ me: () => refusal(401, 'HUB_TOKEN_EXPIRED', 'The token expired', { hint: 'Sign in again.' }) });
    const err = await createHubApi(createAdminClient({ fetch, storage, onUnauthorized })).me().catch((e: unknown) => e);
    expect(HubApiError.is(err)).toBe(true);
    expect(err).toMatchObject({ status: 401, code: 'HUB_TOKEN_EXPIRED', message: 'The token expired', hint: 'Sign in again.' });
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('a wrong password at login is an error, not a session expiry', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeHub({ login: () => refusal(401, 'HUB_LOGIN_FAILED', 'Wrong email or password') });
    const api = createHubApi(createAdminClient({ fetch, storage: memoryStorage(), onUnauthorized }));
    await expect(api.login('a@example.com', 'b')).rejects.toMatchObject({ status: 401, code: 'HUB_LOGIN_FAILED' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('answers the login and me as the routes type them', async () => {
    const { fetch } = fakeHub({
      login: () => ({ body: { token: 'hub_s', user: user({ isSuperuser: false, permissions: ['base.modules.read'] }), expiresAt: null } }),
      me: () => ({ body: { user: user({ email: 'me@example.com' }), tokenId: 3 } }),
    });
    const api = createHubApi(createAdminClient({ fetch, storage: memoryStorage() }));
    expect(await api.login('a@example.com', 'b')).toMatchObject({ token: 'hub_s', user: { isSuperuser: false, permissions: ['base.modules.read'] }, expiresAt: null });
    expect((await api.me()).email).toBe('me@example.com');
  });

  it('keeps hint, code and module of other errors, and explains network failures', async () => {
    const { fetch } = fakeHub({ install: () => refusal(409, 'HUB_DEPENDENCY_MISSING', 'Module "x" depends on "y", which is not installed or available', { hint: 'Add @hub/module-y to the host', module: 'x' }) });
    const api = createHubApi(createAdminClient({ fetch, storage: memoryStorage() }));
    await expect(api.lifecycle('install', 'x')).rejects.toMatchObject({ status: 409, code: 'HUB_DEPENDENCY_MISSING', hint: 'Add @hub/module-y to the host', module: 'x' });
    const down = createHubApi(createAdminClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), storage: memoryStorage() }));
    await expect(down.list()).rejects.toMatchObject({ status: 0, code: 'HUB_NETWORK', hint: expect.stringContaining('running') });
  });

  it('a body that is not the error answer (a proxy) still becomes a readable error', async () => {
    const client = createAdminClient({ fetch: async () => new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }), storage: memoryStorage() });
    await expect(createHubApi(client).graph()).rejects.toMatchObject({ status: 502, code: 'HUB_ANSWER_INVALID', message: '502 Bad Gateway: Bad gateway' });
  });

  it("a module view's request to its module's route carries the token; a 401 there drops it too", async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'tk' });
    const seen: string[] = [];
    const client = createAdminClient({
      storage,
      fetch: async (url, init) => {
        seen.push(`${init?.method} ${url} ${(init?.headers as Record<string, string>).authorization}`);
        return String(url).endsWith('/gone') ? Response.json({ error: 'Authentication required', code: 'HUB_AUTH_REQUIRED' }, { status: 401 }) : Response.json({ items: [] });
      },
    });
    expect(await (await client.moduleFetch('/api/v1/contacts/people')).json()).toEqual({ items: [] });
    await expect(client.moduleFetch('/api/v1/contacts/gone', { method: 'POST' })).rejects.toMatchObject({ status: 401, code: 'HUB_AUTH_REQUIRED' });
    expect(seen).toEqual(['GET /api/v1/contacts/people Bearer tk', 'POST /api/v1/contacts/gone Bearer tk']);
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
  });
});
