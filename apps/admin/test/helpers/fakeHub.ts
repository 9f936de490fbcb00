// A fetch that answers like the hub, route by route, with fixtures held to @hub/api's contract:
// every request must be one the route's schemas accept, every answer one the route's answer
// schema reads without dropping a member (or the host's error answer with a catalog code), every
// event of a stream one its schema reads. Anything else is a contract violation, and the test
// that made it fails (test/setup/contract.ts).
import {
  answerProblems, fullPath, hostRoutes, operationEvents, undocumentedMembers,
  type AnswerOf, type ErrorAnswer, type ErrorCode, type RouteName,
} from '@hub/api';

export interface Call {
  route: RouteName;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

/** A fixture answer: the route's answer (its type), an error answer, or text (events). */
export interface Reply<N extends RouteName> {
  status?: number;
  body?: AnswerOf<N> | ErrorAnswer | string;
  headers?: Record<string, string>;
}
export type Handler<N extends RouteName> = (call: Call) => Reply<N> | Promise<Reply<N>>;
export type Fixtures = { [N in RouteName]?: Handler<N> };

const violations: string[] = [];
/** What fixtures and requests did against the contract since the last call (and forgets them). */
export function takeViolations(): string[] {
  return violations.splice(0);
}

/** Routes with literal paths first, so /modules/graph is not taken for /modules/{name}. */
const matchers = (Object.keys(hostRoutes) as RouteName[])
  .map((name) => {
    const r = hostRoutes[name];
    const names: string[] = [];
    const source = fullPath(r).replace(/:([A-Za-z0-9_]+)/g, (_, p: string) => { names.push(p); return '([^/]+)'; });
    return { name, method: r.method.toUpperCase(), re: new RegExp(`^${source}/?$`), names };
  })
  .sort((a, b) => a.names.length - b.names.length);

function match(method: string, path: string): { name: RouteName; params: Record<string, string> } | undefined {
  for (const m of matchers) {
    const found = m.method === method ? m.re.exec(path) : null;
    if (found) return { name: m.name, params: Object.fromEntries(m.names.map((n, i) => [n, decodeURIComponent(found[i + 1])])) };
  }
  return undefined;
}

/** What the route's request schemas refuse in this request. */
function requestProblems(name: RouteName, call: Call): string[] {
  const r = hostRoutes[name] as { params?: Schema; query?: Schema; body?: Schema; multipart?: true };
  const out: string[] = [];
  const check = (part: 'params' | 'query' | 'body', value: unknown) => {
    const schema = r[part];
    if (!schema) return;
    const parsed = schema.safeParse(value);
    if (!parsed.success) out.push(...parsed.error.issues.map((i) => `${name} request ${part}.${i.path.join('.')}: ${i.message}`));
  };
  check('params', call.params);
  check('query', Object.fromEntries(call.query));
  if (!r.multipart && call.body !== undefined) check('body', call.body);
  return out;
}
type Schema = { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** What is wrong with the events of a stream fixture (`step` and `done` against their schemas). */
function eventProblems(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
    const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
    if (!data) continue;
    if (event !== 'step' && event !== 'done') { out.push(`operationEvents: the server sends no "${event}" event`); continue; }
    let json: unknown;
    try { json = JSON.parse(data); } catch { out.push(`operationEvents: ${event} data is not JSON`); continue; }
    const parsed = operationEvents[event].safeParse(json);
    if (!parsed.success) out.push(...parsed.error.issues.map((i) => `operationEvents ${event}: ${i.path.join('.')}: ${i.message}`));
    else out.push(...undocumentedMembers(json, parsed.data).map((p) => `operationEvents ${event}: ${p} is not in the schema`));
  }
  return out;
}

export function fakeHub(fixtures: Fixtures) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://hub.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const found = match(method, url.pathname);
    if (!found) {
      violations.push(`${method} ${url.pathname} is no host route`);
      return Response.json({ error: `no route ${method} ${url.pathname}`, code: 'HUB_NOT_FOUND' }, { status: 404 });
    }
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    let body: unknown = init.body ?? undefined;
    if (typeof body === 'string') { try { body = JSON.parse(body); } catch { /* text */ } }
    const call: Call = { route: found.name, method, path: url.pathname, params: found.params, query: url.searchParams, body, headers };
    calls.push(call);
    violations.push(...requestProblems(found.name, call));
    const handler = fixtures[found.name] as Handler<RouteName> | undefined;
    if (!handler) {
      violations.push(`${found.name} (${method} ${url.pathname}) has no fixture`);
      return Response.json({ error: `no fixture for ${found.name}`, code: 'HUB_NOT_FOUND' }, { status: 404 });
    }
    const reply = await handler(call);
    const status = reply.status ?? hostRoutes[found.name].status;
    const r = hostRoutes[found.name];
    if (r.answer === 'events' && status < 300) violations.push(...eventProblems(String(reply.body ?? '')));
    else if (r.answer !== 'file' || status >= 300) violations.push(...answerProblems(r, status, reply.body));
    const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': r.answer === 'events' ? 'text/event-stream' : 'application/json', ...reply.headers } });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** The error answer the host sends, for fixtures of refusals. */
export const refusal = (status: number, code: ErrorCode, error: string, more: Omit<ErrorAnswer, 'error' | 'code'> = {}) =>
  ({ status, body: { error, code, ...more } });

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
