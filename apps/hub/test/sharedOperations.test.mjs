// Operations are shared through PostgreSQL: an operation running on instance 1 is listed, read and
// followed (server-sent events) through instance 2, and one whose instance was killed mid-way
// shows as interrupted there instead of running for ever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '@hub/tooling/postgres';
import { ADMIN, call, startInstance, waitFor } from './cluster.mjs';
import { addonsFolder } from './addons.mjs';

const slowProbe = fileURLToPath(new URL('./fixtures/ops/slow_probe', import.meta.url));

/** Reads a server-sent event stream until its `done` event; returns the events in order. */
async function readEvents(url, token) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event) events.push({ event, data: JSON.parse(data) });
    }
    if (events.some((e) => e.event === 'done')) break;
  }
  return events;
}

describe('operations through any instance', () => {
  let pg;
  let root;
  const instances = [];
  let token;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hub-ops-'));
    pg = await startPostgres();
    const addons = addonsFolder(join(root, 'addons'), [slowProbe]);
    const env = { ADDONS_PATHS: addons, SLOW_PROBE_MS: '1500' };
    instances.push(...await Promise.all([0, 1].map(() => startInstance({ databaseUrl: pg.url, env }))));
    token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
  });
  afterAll(async () => {
    for (const i of instances) await i.stop().catch(() => {});
    await pg?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('an install running on instance 1 is followed over SSE, read and listed on instance 2', async () => {
    const started = await call(instances[0].url, 'POST', '/api/v1/modules/install/slow_probe?async=true', { token });
    expect(started.status).toBe(202);
    const id = started.body.operationId;

    // Read on instance 2 while it runs on instance 1.
    const running = await call(instances[1].url, 'GET', `/api/v1/operations/${id}`, { token });
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ id, action: 'install', modules: ['slow_probe'], status: 'running', instance: instances[0].id });

    const events = await readEvents(`${instances[1].url}/api/v1/operations/${id}/events`, token);
    const steps = events.filter((e) => e.event === 'step').map((e) => e.data.message);
    expect(steps[0]).toBe('install slow_probe');
    expect(steps).toContain('postInit');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { id, status: 'succeeded', instance: instances[0].id } });
    // Steps come once each, in the order instance 1 made them.
    const onOne = (await call(instances[0].url, 'GET', `/api/v1/operations/${id}`, { token })).body;
    expect(steps).toEqual(onOne.steps.map((s) => s.message));

    const done = (await call(instances[1].url, 'GET', `/api/v1/operations/${id}`, { token })).body;
    expect(done).toMatchObject({ status: 'succeeded', result: { operationId: id, action: 'install', changed: ['slow_probe'] } });
    expect(done.result.plan.modules.map((m) => m.name)).toEqual(['slow_probe']);
    const listed = (await call(instances[1].url, 'GET', '/api/v1/operations', { token })).body.items;
    expect(listed.find((o) => o.id === id)).toMatchObject({ status: 'succeeded', instance: instances[0].id });

    // A synchronous one answered by instance 2 is at once readable on instance 1.
    const sync = await call(instances[1].url, 'POST', '/api/v1/modules/slow_probe/disable', { token });
    expect(sync.status).toBe(200);
    expect((await call(instances[0].url, 'GET', `/api/v1/operations/${sync.body.operationId}`, { token })).body).toMatchObject({ status: 'succeeded', instance: instances[1].id });
    expect((await call(instances[1].url, 'GET', '/api/v1/operations/no-such-operation', { token })).body.code).toBe('HUB_OPERATION_NOT_FOUND');
  });

  it('an operation whose instance is killed mid-way ends as interrupted on the others', async () => {
    await call(instances[0].url, 'POST', '/api/v1/modules/uninstall/slow_probe', { token });
    const started = await call(instances[0].url, 'POST', '/api/v1/modules/install/slow_probe?async=true', { token });
    expect(started.status).toBe(202);
    const id = started.body.operationId;
    // Its postInit hook waits 1.5 s: the install is still running when its process dies.
    await waitFor(async () => (await call(instances[1].url, 'GET', `/api/v1/operations/${id}`, { token })).body.steps?.some((s) => s.message === 'postInit'), 5000);
    await instances[0].kill();
    const events = await readEvents(`${instances[1].url}/api/v1/operations/${id}/events`, token);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { id, status: 'failed', error: { code: 'HUB_OPERATION_INTERRUPTED' } } });
    // The install did not commit.
    expect((await call(instances[1].url, 'GET', '/api/v1/modules/slow_probe', { token })).body.state).not.toBe('installed');
  });
});
