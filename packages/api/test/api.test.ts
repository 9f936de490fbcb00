import { ERROR_CODES as CATALOG_CODES } from '@hub/kit/errors';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, answerProblems, hostRoutes, readAnswer, readEvents, routeUrl, undocumentedMembers, HubApiError } from '../src/index.js';

describe('ERROR_CODES', () => {
  it('are the codes of the error catalog (@hub/kit/errors), each once', () => {
    expect([...ERROR_CODES].sort()).toEqual([...CATALOG_CODES].sort());
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('routeUrl', () => {
  it('fills and encodes path parameters, writes the query as the server reads it', () => {
    expect(routeUrl(hostRoutes.plan, { params: { name: 'sales' }, query: { action: 'upgrade', drop_tables: true, cascade: undefined } }))
      .toBe('/api/v1/modules/sales/plan?action=upgrade&drop_tables=true');
    expect(routeUrl(hostRoutes.restoreBackup, { params: { name: 'a', id: '2026/x y' } })).toBe('/api/v1/modules/schema/a/backups/2026%2Fx%20y/restore');
    expect(routeUrl(hostRoutes.health)).toBe('/api/v1/health');
    expect(() => routeUrl(hostRoutes.getModule, { params: {} })).toThrow(/"name" is missing/);
  });
});

describe('answers', () => {
  const health = { status: 'ok', database: { kind: 'pglite', ok: true }, modules: 1, uptimeSeconds: 3, instance: { id: 'i1', generation: 0 } };

  it('reads an answer that follows the schema and refuses one that does not', () => {
    expect(readAnswer(hostRoutes.health, 200, health)).toEqual(health);
    const bad = () => readAnswer(hostRoutes.health, 200, { ...health, modules: 'one' });
    expect(bad).toThrow(HubApiError);
    expect(bad).toThrow(/GET \/api\/v1\/health answered outside the API contract \(modules:/);
  });

  it('names members the schema does not describe, deep', () => {
    expect(undocumentedMembers({ a: 1, b: [{ c: 1, d: 2 }] }, { a: 1, b: [{ c: 1 }] })).toEqual(['b[0].d']);
    expect(answerProblems(hostRoutes.health, 200, { ...health, database: { ...health.database, version: 15 } }))
      .toEqual(['GET /api/v1/health -> 200: database.version is not in the schema']);
    expect(answerProblems(hostRoutes.health, 503, { ...health, status: 'degraded' })).toEqual([]);
    expect(answerProblems(hostRoutes.health, 201, health)).toEqual(['GET /api/v1/health -> 201: expected status 200 or 503']);
  });

  it('checks error answers and their code', () => {
    expect(answerProblems(hostRoutes.me, 401, { error: 'Authentication required', code: 'HUB_AUTH_REQUIRED', requestId: 'r1' })).toEqual([]);
    const made = answerProblems(hostRoutes.me, 401, { error: 'no', code: 'HUB_UNAUTHORIZED' });
    expect(made).toEqual(['GET /api/v1/auth/me -> 401: code "HUB_UNAUTHORIZED" is not in ERROR_CODES']);
    expect(answerProblems(hostRoutes.me, 401, { message: 'no' }).length).toBeGreaterThan(0);
  });
});

describe('readEvents', () => {
  it('reads step and done events checked against their schemas, skipping pings and malformed ones', async () => {
    const op = {
      id: 'o1', action: 'install', modules: ['a'], actor: null, status: 'succeeded', steps: [], error: null, result: null,
      startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', links: { self: '/s', events: '/e' },
    };
    const text = `: ping\n\nid: 0\nevent: step\ndata: {"operationId":"o1","message":"m","phase":"step"}\n\n`
      + `event: step\ndata: {"bad":1}\n\nevent: done\ndata: ${JSON.stringify(op)}\n\n`;
    const seen: string[] = [];
    await readEvents(new Response(text), (e) => seen.push(e.event === 'step' ? `step:${e.data.message}` : `done:${e.data.status}`));
    expect(seen).toEqual(['step:m', 'done:succeeded']);
  });
});
