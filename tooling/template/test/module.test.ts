// Tests of the __name__ module on a real (in-memory, embedded) PostgreSQL: the manifest, the
// tables created from schema.ts, the seed data file, and the routes behind an Express app.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubModule, type HubUser } from '@hub/kit';
import manifest, { items } from '../src/index.js';
import * as schema from '../src/schema.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const noop = () => {};

let client: PGlite;
let base: string;
let close: () => void;

beforeAll(async () => {
  client = new PGlite();
  // The same DDL the host derives from schema.ts at install.
  const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
  for (const statement of await generateMigration(generateDrizzleJson({}), generateDrizzleJson(schema))) await client.exec(statement);
  const db = drizzle(client, { schema });
  const seed = JSON.parse(readFileSync(new URL('../data/init.json', import.meta.url), 'utf8'));
  await db.insert(items).values(seed.records[0].rows);

  const ctx = {
    name: '__name__', version: pkg.version, db, config: {}, logger: { debug: noop, info: noop, warn: noop, error: noop },
    module: () => { throw new Error('no dependencies'); },
  } as unknown as Parameters<NonNullable<typeof manifest.routes>>[0];
  const app = express();
  app.use(express.json());
  // Stands in for the host's authentication: the header names the user's permissions.
  app.use((req, _res, next) => {
    const perms = req.header('x-test-permissions');
    if (perms !== undefined) {
      (req as unknown as { hubUser: HubUser }).hubUser = { id: 1, email: 't@example.com', isSuperuser: false, permissions: perms.split(',').filter(Boolean) };
    }
    next();
  });
  app.use('/api/v1/__name__', manifest.routes!(ctx));
  app.use((err: { status?: number; code?: string; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).json({ code: err.code, error: err.message });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/__name__`;
  close = () => server.close();
});

afterAll(async () => {
  close?.();
  await client?.close();
});

const call = (path: string, init: RequestInit & { perms?: string } = {}) =>
  fetch(base + path, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.perms !== undefined ? { 'x-test-permissions': init.perms } : {}) },
  });

describe('__name__ module', () => {
  it('has a manifest that matches package.json', () => {
    expect(isHubModule(manifest)).toBe(true);
    expect(manifest.name).toBe(pkg.hub.module);
    expect(manifest.permissions).toEqual(['__name__.read', '__name__.write']);
  });

  it('lists the seeded items for a user with __name__.read', async () => {
    const res = await call('/items', { perms: '__name__.read' });
    expect(res.status).toBe(200);
    expect((await res.json()).map((i: { name: string }) => i.name)).toContain('First item');
  });

  it('searches by name (a typed % is a plain character) and pages with limit and offset', async () => {
    const names = async (query: string) => ((await (await call(`/items?${query}`, { perms: '__name__.read' })).json()) as { name: string }[]).map((i) => i.name);
    expect(await names('q=first')).toEqual(['First item']);
    expect(await names('q=%25')).toEqual([]);
    expect(await names('limit=1&offset=1')).toEqual([]);
  });

  it('answers 401 without a user and 403 without the permission', async () => {
    expect((await call('/items')).status).toBe(401);
    expect((await call('/items', { method: 'POST', perms: '__name__.read', body: JSON.stringify({ name: 'x' }) })).status).toBe(403);
  });

  it('validates the body (400) and creates an item (201)', async () => {
    const bad = await call('/items', { method: 'POST', perms: '__name__.write', body: JSON.stringify({ name: '', quantity: -1 }) });
    expect(bad.status).toBe(400);
    const ok = await call('/items', { method: 'POST', perms: '__name__.write', body: JSON.stringify({ name: 'Second', quantity: 3 }) });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ name: 'Second', quantity: 3 });
    const stats = await (await call('/stats', { perms: '__name__.read' })).json();
    expect(stats).toMatchObject({ module: '__name__', items: 2 });
  });
});
