// The fake hub of the unit tests refuses fixtures and requests the real server would not send or take.
import { describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/client';
import { createHubApi } from '../../src/api/hub';
import { fakeHub, memoryStorage, takeViolations, type Fixtures } from '../helpers/fakeHub';
import { mounted, operation } from '../helpers/fixtures';

const api = (fixtures: Fixtures) => createHubApi(createAdminClient({ fetch: fakeHub(fixtures).fetch, storage: memoryStorage() }));
/** Runs a call against made-up fixtures and answers what the fake found wrong (clearing it, so this test itself passes). */
async function violationsOf(run: () => Promise<unknown>): Promise<string[]> {
  await run().catch(() => undefined);
  return takeViolations();
}

describe('fake hub', () => {
  it('passes fixtures that follow the contract', async () => {
    expect(await violationsOf(() => api({ listModules: () => ({ body: { items: [mounted('base')] } }) }).list())).toEqual([]);
  });

  it('names an answer the server never sends: a bare array, a made-up member, a made-up error code', async () => {
    const bare = await violationsOf(() => api({ listModules: () => ({ body: [mounted('base')] as never }) }).list());
    expect(bare).toEqual(['GET /api/v1/modules -> 200: (body): Invalid input: expected object, received array']);
    const extra = await violationsOf(() => api({ me: () => ({ body: { user: { id: 1, email: 'a@example.com', isSuperuser: true, permissions: [], roles: ['admin'] }, tokenId: 1 } as never }) }).me());
    expect(extra).toEqual(['GET /api/v1/auth/me -> 200: user.roles is not in the schema']);
    const code = await violationsOf(() => api({ me: () => ({ status: 401, body: { error: 'no', code: 'HUB_UNAUTHORIZED' } }) }).me());
    expect(code).toEqual(['GET /api/v1/auth/me -> 401: code "HUB_UNAUTHORIZED" is not in ERROR_CODES']);
  });

  it('names a request the route refuses, a route without a fixture, and a bad event', async () => {
    const short = await violationsOf(() => api({ install: () => ({ status: 202, body: { operationId: 'o', status: 'running', links: operation('o').links } }) }).lifecycle('install', 'x', { planHash: 'abc' }));
    expect(short).toEqual(['install request body.plan_hash: give at least the 12 characters the plan prints']);
    expect(await violationsOf(() => api({}).graph())).toEqual(['graph (GET /api/v1/modules/graph) has no fixture']);
    const client = createAdminClient({ fetch: fakeHub({ operationEvents: () => ({ body: 'event: done\ndata: {"id":"o","status":"done"}\n\n' }) }).fetch, storage: memoryStorage() });
    const events = await violationsOf(() => client.hub.raw('operationEvents', { params: { id: 'o' } }));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((v) => v.startsWith('operationEvents done:'))).toBe(true);
  });
});
