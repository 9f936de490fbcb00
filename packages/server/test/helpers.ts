// Test helpers: a hub on a test database with the fixture modules, a listening server, a tiny client.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub, type Hub } from '@hub/core';
import { createServer, type CreateServerOptions, type HubServer } from '../src/index.js';

/** The server package: its package.json depends on @hub/module-base, so it serves as the host folder. */
export const serverDir = fileURLToPath(new URL('..', import.meta.url));
const fixturesDir = fileURLToPath(new URL('./fixtures/addons', import.meta.url));
const tmpRoot = join(serverDir, 'test', '.tmp');

export const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

/** A private copy of the fixture modules (inside the package, so they resolve @hub/kit and drizzle-orm). */
export function fixtureAddons(): { dir: string; rm: () => void } {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'addons-'));
  cpSync(fixturesDir, dir, { recursive: true });
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Target { kind: string; url?: string; dataDir?: string; drop: () => Promise<void> }

/** A hub on the target; on PostgreSQL its data folder (uploads' code cache) is a temporary one, removed when it closes, unless `dataDir` is given. */
export async function openHub(target: Target, addonsDir: string, env: Record<string, string> = {}, dataDir?: string): Promise<Hub> {
  const made = target.url && !dataDir ? mkdtempSync(join(tmpRoot, 'data-')) : undefined;
  const hub = await createHub({
    hostDir: serverDir,
    dataDir: target.url ? (dataDir ?? made!) : target.dataDir!,
    databaseUrl: target.url,
    addonsPaths: [addonsDir],
    env,
    logger: quietLogger,
  });
  if (made) {
    const close = hub.close.bind(hub);
    hub.close = async () => { try { await close(); } finally { rmSync(made, { recursive: true, force: true }); } };
  }
  return hub;
}

export interface Client {
  url: string;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  login(email: string, password: string): Promise<string>;
}

export function client(url: string): Client {
  const call: Client['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    url, call,
    async login(email, password) {
      const r = await call('POST', '/api/v1/auth/login', { body: { email, password } });
      if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
  };
}

export async function startServer(hub: Hub, options: Partial<CreateServerOptions> = {}): Promise<{ server: HubServer; api: Client }> {
  const server = await createServer({ hub, port: 0, admin: ADMIN, logger: { level: 'silent' }, defaultMetrics: false, ...options });
  const { url } = await server.listen();
  return { server, api: client(url) };
}

/** Polls fn until it returns true or the time is up; returns the elapsed ms or throws. */
export async function waitFor(fn: () => Promise<boolean>, timeoutMs = 5000, everyMs = 25): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
