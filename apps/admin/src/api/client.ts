// The admin's connection to the hub: @hub/api's typed client (the lite entry, so the shell carries
// no zod; the answers' types are the contract's), the token kept in localStorage, and the plain
// fetch module views use for their own module's routes.
import { createHubClient, errorOf, HubApiError, type HubClient } from '@hub/api/lite';

export const TOKEN_KEY = 'hub.token';

export interface AdminClientOptions {
  /** Origin + path prefix of the hub, '' for same origin. */
  baseUrl?: string;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  /** Called once per 401 answer (token missing, expired or revoked), after the token is dropped; not for the login. */
  onUnauthorized?: (error: HubApiError) => void;
}

export interface AdminClient {
  /** Host routes, by name (hub.call('listModules'), hub.raw('downloadBackup', ...)). */
  hub: HubClient;
  getToken(): string | null;
  setToken(token: string | null): void;
  /** A request to a module's own route (not a host route), with the token; refusals throw HubApiError. */
  /** Tells the client of a refusal that came another way (an XMLHttpRequest upload): a 401 drops the token. */
  refused(error: HubApiError): void;
  moduleFetch(path: string, init?: { method?: string; headers?: Record<string, string>; body?: BodyInit; signal?: AbortSignal }): Promise<Response>;
}

export function createAdminClient(options: AdminClientOptions = {}): AdminClient {
  const storage = options.storage ?? globalThis.localStorage;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const getToken = () => storage?.getItem(TOKEN_KEY) ?? null;
  const setToken = (token: string | null) => (token ? storage?.setItem(TOKEN_KEY, token) : storage?.removeItem(TOKEN_KEY));
  const unauthorized = (error: HubApiError) => {
    setToken(null);
    options.onUnauthorized?.(error);
  };
  const refused = (error: HubApiError) => { if (error.status === 401) unauthorized(error); };
  const hub = createHubClient({ baseUrl: options.baseUrl, token: getToken, fetch: doFetch, onUnauthorized: unauthorized });

  async function moduleFetch(path: string, init: Parameters<AdminClient['moduleFetch']>[1] = {}): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(hub.baseUrl + path, { method: init.method ?? 'GET', headers: hub.headers(init.headers), body: init.body, signal: init.signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new HubApiError(0, { error: `Cannot reach the hub (${(e as Error)?.message ?? e})`, code: 'HUB_NETWORK', hint: 'Check that the hub server is running and reachable, then retry.' });
    }
    if (res.ok) return res;
    const error = await errorOf(res);
    refused(error);
    throw error;
  }

  return { hub, getToken, setToken, refused, moduleFetch };
}
