import { ApiError, errorFromResponse } from './errors';

export const TOKEN_KEY = 'hub.token';

export interface ApiClientOptions {
  /** Origin + path prefix of the hub, '' for same origin. */
  baseUrl?: string;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  /** Called once per 401 answer (token missing, expired or revoked). */
  onUnauthorized?: (error: ApiError) => void;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Don't call onUnauthorized on 401 (login itself). */
  skipAuthHandling?: boolean;
}

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== false && v !== '') params.set(k, String(v)); // 'false' (a string) is kept
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** fetch with the bearer token, JSON in and out, and errors as ApiError. */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const storage = options.storage ?? globalThis.localStorage;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  const getToken = () => storage?.getItem(TOKEN_KEY) ?? null;
  const setToken = (token: string | null) => (token ? storage?.setItem(TOKEN_KEY, token) : storage?.removeItem(TOKEN_KEY));

  function url(path: string, query?: Query) {
    return `${baseUrl}${path}${buildQuery(query)}`;
  }

  function headers(extra?: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    const token = getToken();
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  async function raw(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const h = headers(opts.headers);
    let body: BodyInit | undefined;
    if (opts.body instanceof FormData || opts.body instanceof Blob || typeof opts.body === 'string') body = opts.body as BodyInit;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      h['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await doFetch(url(path, opts.query), { method, headers: h, body, signal: opts.signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new ApiError(0, { error: `Cannot reach the hub (${(e as Error)?.message ?? e})`, code: 'NETWORK', hint: 'Check that the hub server is running and reachable, then retry.' });
    }
    if (!res.ok) {
      const err = await errorFromResponse(res);
      if (res.status === 401 && !opts.skipAuthHandling) {
        setToken(null);
        options.onUnauthorized?.(err);
      }
      throw err;
    }
    return res;
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await raw(method, path, opts);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  return {
    baseUrl,
    getToken,
    setToken,
    url,
    headers,
    raw,
    request,
    get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
