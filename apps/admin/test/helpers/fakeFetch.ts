// A fetch that answers like the hub, route by route, and records every request (for assertions).
export interface Call { method: string; path: string; query: URLSearchParams; body: unknown; headers: Record<string, string> }
type Handler = (call: Call) => { status?: number; body?: unknown; headers?: Record<string, string> } | Promise<{ status?: number; body?: unknown; headers?: Record<string, string> }>;

export function fakeFetch(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://hub.test');
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    let body: unknown = init.body;
    if (typeof body === 'string') { try { body = JSON.parse(body); } catch { /* text */ } }
    const call: Call = { method: (init.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, body, headers };
    calls.push(call);
    const key = `${call.method} ${call.path}`;
    const handler = routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('*') && key.startsWith(k.slice(0, -1)))?.[1];
    if (!handler) return new Response(JSON.stringify({ error: `no route ${key}`, code: 'HUB_NOT_FOUND' }), { status: 404, headers: { 'content-type': 'application/json' } });
    const r = await handler(call);
    const text = typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
    return new Response(text, { status: r.status ?? 200, headers: { 'content-type': 'application/json', ...r.headers } });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
export async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), map: m };
}
