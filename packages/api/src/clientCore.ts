// A typed client of the host API, made from a route table: inputs typed by the routes' request
// schemas, answers read with their answer schemas when the table has them (hostRoutes, the main
// entry) and taken as typed when it has not (routePaths, the lite entry), errors as HubApiError
// with the host's code. Nothing here imports zod's runtime.
import type { z } from 'zod';
import type { ErrorAnswer } from './schemas/common.js';
import type { HostRoutes } from './routes.js';
import { fullPath, type HostApiRoute, type RouteName } from './paths.js';
import type { ErrorCode } from './errorCodes.js';

/** Whether every member of T is optional (so the whole part may be left out). */
type AllOptional<T> = Partial<T> extends T ? true : false;

type InputPart<R, K extends 'params' | 'query' | 'body'> =
  R extends { [P in K]: infer S extends z.ZodType }
    ? (AllOptional<z.input<S>> extends true ? { [P in K]?: z.input<S> } : { [P in K]: z.input<S> })
    : { [P in K]?: never };

/** What a call of route R takes: its path parameters, query and JSON body, typed by its schemas. */
export type RouteInput<R> = InputPart<R, 'params'> & InputPart<R, 'query'> & InputPart<R, 'body'>;

/** What a call of route R answers (after its answer schema). */
export type RouteAnswer<R> = R extends { answer: 'empty' } ? undefined
  : R extends { response: infer S extends z.ZodType } ? z.output<S> : unknown;

export type InputOf<N extends RouteName> = RouteInput<HostRoutes[N]>;
/** The arguments of call(name, ...): the input may be left out when nothing in it is required. */
export type CallArgs<N extends RouteName> = AllOptional<InputOf<N>> extends true ? [input?: InputOf<N>, init?: CallOptions] : [input: InputOf<N>, init?: CallOptions];
export type AnswerOf<N extends RouteName> = RouteAnswer<HostRoutes[N]>;

const BRAND = Symbol.for('@hub/api/HubApiError');

/** A refused request (status and the host's error answer), no answer (status 0), or an answer outside the contract. */
export class HubApiError extends Error {
  readonly [BRAND] = true;
  readonly status: number;
  /** One of ERROR_CODES on host routes; a module's own code on its routes. */
  readonly code: ErrorCode | (string & {});
  readonly hint?: string;
  readonly module?: string;
  readonly details?: unknown;
  readonly requestId?: string;

  constructor(status: number, body: ErrorAnswer) {
    super(body.error);
    this.name = 'HubApiError';
    this.status = status;
    this.code = body.code;
    this.hint = body.hint;
    this.module = body.module;
    this.details = body.details;
    this.requestId = body.requestId;
  }

  static is(value: unknown): value is HubApiError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

export interface HubClientOptions {
  /** Origin (and path prefix) of the hub; '' for the same origin (the admin). */
  baseUrl?: string;
  /** The bearer token to send, read on every request. */
  token?: () => string | null | undefined;
  fetch?: typeof fetch;
  /** Called on every 401 answer, with the error about to be thrown (not for login). */
  onUnauthorized?: (error: HubApiError) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

type Query = Record<string, unknown>;

/** Query values as the server reads them: booleans as "true"/"false", undefined and null left out. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The path of a route with its parameters filled in (encoded) and its query. */
export function routeUrl(r: HostApiRoute, input: { params?: unknown; query?: unknown } = {}): string {
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = fullPath(r).replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') throw new TypeError(`${r.method.toUpperCase()} ${fullPath(r)}: path parameter "${name}" is missing`);
    return encodeURIComponent(String(v));
  });
  return path + queryString(input.query as Query | undefined);
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The members of the error answer (schemas/common.ts's errorAnswer), read without zod; undefined when `json` is none. */
export function asErrorAnswer(json: unknown): ErrorAnswer | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const error = text(o.error);
  const code = text(o.code);
  if (error === undefined || code === undefined) return undefined;
  return { error, code, hint: text(o.hint), module: text(o.module), details: o.details, requestId: text(o.requestId) };
}

/** Reads a refused answer as the host's error answer, whatever its body. */
export async function errorOf(res: Response): Promise<HubApiError> {
  return errorFrom(res.status, res.statusText, await res.text().catch(() => ''));
}

/** The error of a refused answer given as status and body text (fetch, XMLHttpRequest). */
export function errorFrom(status: number, statusText: string, text: string): HubApiError {
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { /* not JSON (a proxy's page) */ }
  const answer = asErrorAnswer(json);
  if (answer) return new HubApiError(status, answer);
  const res = { status, statusText };
  return new HubApiError(res.status, {
    error: `${res.status} ${res.statusText}`.trim() + (text && text.length <= 300 && json === undefined ? `: ${text}` : ''),
    code: 'HUB_ANSWER_INVALID',
    hint: 'The answer is not the hub\'s error answer: is a proxy in between, or is this a hub at all?',
  });
}

/** Checks a JSON answer against the route's answer schema; unknown members are dropped. */
export function readAnswer<R extends HostApiRoute>(r: R, status: number, json: unknown): RouteAnswer<R> {
  if (!r.response) return json as RouteAnswer<R>;
  const parsed = r.response.safeParse(json);
  if (parsed.success) return parsed.data as RouteAnswer<R>;
  const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ');
  throw new HubApiError(status, {
    error: `${r.method.toUpperCase()} ${fullPath(r)} answered outside the API contract (${where})`,
    code: 'HUB_ANSWER_INVALID',
    hint: 'The hub and this client disagree on the API: use a client of the hub\'s version.',
    details: { issues: parsed.error.issues },
  });
}

/** A client on a route table: hostRoutes checks answers against their schemas, routePaths takes them as typed. */
export function clientOn(routes: Record<RouteName, HostApiRoute>, options: HubClientOptions = {}): HubClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  function headersFor(extra?: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    const token = options.token?.();
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  /** Sends a request; answers the Response when it is 2xx (or one of the route's alsoStatuses), throws HubApiError otherwise. */
  async function send(r: HostApiRoute, input: { params?: unknown; query?: unknown; body?: unknown }, init: CallOptions & { form?: FormData } = {}): Promise<Response> {
    const headers = headersFor(init.headers);
    let body: RequestInit['body'];
    if (init.form) body = init.form;
    else if (input.body !== undefined) {
      body = JSON.stringify(input.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await doFetch(baseUrl + routeUrl(r, input), { method: r.method.toUpperCase(), headers, body, signal: init.signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new HubApiError(0, {
        error: `Cannot reach the hub at ${baseUrl || 'this origin'} (${(e as Error)?.message ?? e})`,
        code: 'HUB_NETWORK', hint: 'Check that the hub server is running and reachable, then retry.',
      });
    }
    if (!res.ok && !r.alsoStatuses?.includes(res.status)) {
      const error = await errorOf(res);
      if (res.status === 401 && r !== routes.login) options.onUnauthorized?.(error);
      throw error;
    }
    return res;
  }

  /** Calls a JSON route and answers what its answer schema reads. */
  async function call<N extends RouteName>(name: N, ...[input, init]: CallArgs<N>): Promise<AnswerOf<N>> {
    const r: HostApiRoute = routes[name];
    const res = await send(r, (input ?? {}) as object, init);
    if (r.answer === 'empty' || res.status === 204) return undefined as AnswerOf<N>;
    const text = await res.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch {
      throw new HubApiError(res.status, { error: `${r.method.toUpperCase()} ${fullPath(r)} answered something that is not JSON`, code: 'HUB_ANSWER_INVALID' });
    }
    return readAnswer(r, res.status, json) as AnswerOf<N>;
  }

  /** The 2xx Response of a route whose answer is not JSON (file download, event stream). */
  function raw<N extends RouteName>(name: N, input: InputOf<N>, init?: CallOptions): Promise<Response> {
    return send(routes[name], input as object, init);
  }

  /** Posts a module archive (multipart field "file"). */
  async function upload(file: Blob, fileName: string, query: InputOf<'upload'>['query'] = {}, init?: CallOptions): Promise<AnswerOf<'upload'>> {
    const form = new FormData();
    form.append('file', file, fileName);
    const r = routes.upload;
    const res = await send(r, { query }, { ...init, form });
    return readAnswer(r, res.status, await res.json()) as AnswerOf<'upload'>;
  }

  /** Reads an answer that came another way (XMLHttpRequest): checked when the table has the schemas. */
  const read = <N extends RouteName>(name: N, status: number, json: unknown): AnswerOf<N> => readAnswer(routes[name], status, json) as AnswerOf<N>;

  /** The absolute URL of a route (links, downloads, EventSource). */
  const url = <N extends RouteName>(name: N, input: InputOf<N>): string => baseUrl + routeUrl(routes[name], input as object);

  const client: HubClient = { baseUrl, call, raw, upload, read, url, headers: headersFor };
  return client;
}

export interface HubClient {
  readonly baseUrl: string;
  /** Calls a JSON route and answers what its answer schema reads. */
  call<N extends RouteName>(name: N, ...args: CallArgs<N>): Promise<AnswerOf<N>>;
  /** The 2xx Response of a route whose answer is not JSON (file download, event stream). */
  raw<N extends RouteName>(name: N, input: InputOf<N>, init?: CallOptions): Promise<Response>;
  /** Posts a module archive (multipart field "file"). */
  upload(file: Blob, fileName: string, query?: InputOf<'upload'>['query'], init?: CallOptions): Promise<AnswerOf<'upload'>>;
  /** Reads a route's answer that came another way (an XMLHttpRequest upload with progress). */
  read<N extends RouteName>(name: N, status: number, json: unknown): AnswerOf<N>;
  /** The absolute URL of a route (links, downloads, EventSource). */
  url<N extends RouteName>(name: N, input: InputOf<N>): string;
  /** The headers every request sends (accept, bearer token). */
  headers(extra?: Record<string, string>): Record<string, string>;
}
export type { HostRoutes, RouteName };

