import { describe, expect, it, vi } from 'vitest';
import { createApiClient, TOKEN_KEY } from './client';
import { ApiError } from './errors';
import { fakeFetch, memoryStorage } from '../../test/helpers/fakeFetch';

describe('API client', () => {
  it('sends the bearer token from storage and parses JSON', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/v1/modules/': () => ({ body: [{ name: 'base' }] }) });
    const client = createApiClient({ fetch, storage: memoryStorage({ [TOKEN_KEY]: 't0k' }) });
    expect(await client.get('/api/v1/modules/', { query: { installed_only: true, search: '' } })).toEqual([{ name: 'base' }]);
    expect(calls[0].headers.authorization).toBe('Bearer t0k');
    expect(calls[0].query.get('installed_only')).toBe('true');
    expect(calls[0].query.has('search')).toBe(false);
  });

  it('on 401 drops the token, calls onUnauthorized once and throws the server error', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'expired' });
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch({ 'GET /api/v1/auth/me': () => ({ status: 401, body: { error: 'Token expired', code: 'HUB_UNAUTHORIZED', hint: 'Sign in again.' } }) });
    const client = createApiClient({ fetch, storage, onUnauthorized });
    const err = await client.get('/api/v1/auth/me').catch((e) => e);
    expect(ApiError.is(err)).toBe(true);
    expect(err).toMatchObject({ status: 401, code: 'HUB_UNAUTHORIZED', message: 'Token expired', hint: 'Sign in again.' });
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('a wrong password at login is an error, not a session expiry', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch({ 'POST /api/v1/auth/login': () => ({ status: 401, body: { error: 'Wrong email or password', code: 'HUB_BAD_CREDENTIALS' } }) });
    const client = createApiClient({ fetch, storage: memoryStorage(), onUnauthorized });
    await expect(client.post('/api/v1/auth/login', { email: 'a', password: 'b' }, { skipAuthHandling: true })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('keeps hint and code of other errors, and explains network failures', async () => {
    const { fetch } = fakeFetch({ 'POST /api/v1/modules/install/x': () => ({ status: 409, body: { error: 'Missing dependency "y"', code: 'HUB_MISSING_DEPENDENCY', hint: 'Add @hub/module-y to the host', module: 'x' } }) });
    const client = createApiClient({ fetch, storage: memoryStorage() });
    await expect(client.post('/api/v1/modules/install/x')).rejects.toMatchObject({ status: 409, hint: 'Add @hub/module-y to the host', module: 'x' });
    const down = createApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), storage: memoryStorage() });
    await expect(down.get('/api/v1/modules/')).rejects.toMatchObject({ status: 0, code: 'NETWORK', hint: expect.stringContaining('running') });
  });

  it('a non-JSON error body still becomes a readable error', async () => {
    const { fetch } = fakeFetch({ 'GET /x': () => ({ status: 502, body: 'Bad gateway' }) });
    const client = createApiClient({ fetch, storage: memoryStorage() });
    await expect(client.get('/x')).rejects.toMatchObject({ status: 502, message: 'Bad gateway' });
  });
});
