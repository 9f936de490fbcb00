// HUB_WORKERS=2 (as `hub serve --workers 2`): two instances on one port on PostgreSQL, both in
// the cluster's health; on the embedded database it is refused in one line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '@hub/tooling/postgres';
import { ADMIN, call, startInstance, waitFor } from './cluster.mjs';

const startScript = fileURLToPath(new URL('../src/start.mjs', import.meta.url));

describe('HUB_WORKERS', () => {
  let pg;
  beforeAll(async () => { pg = await startPostgres(); });
  afterAll(async () => { await pg?.stop(); });

  it('on PostgreSQL, two workers serve one port; both are instances of the cluster', async () => {
    const pool = await startInstance({ databaseUrl: pg.url, env: { HUB_WORKERS: '2' } });
    try {
      const token = (await call(pool.url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
      // Both workers beat in hub.instances; requests on the one port reach both.
      await waitFor(async () => (await call(pool.url, 'GET', '/api/v1/health', { token })).body.cluster.instances.filter((i) => i.alive).length === 2, 10_000);
      const answeredBy = new Set();
      for (let i = 0; i < 40 && answeredBy.size < 2; i++) answeredBy.add((await call(pool.url, 'GET', '/api/v1/health', { headers: { connection: 'close' } })).body.instance.id);
      expect(answeredBy.size).toBe(2);
      expect((await call(pool.url, 'POST', '/api/v1/modules/install/contacts', { token })).status).toBe(200);
      // The install answers once every live instance serves it: both workers answer at once.
      for (let i = 0; i < 6; i++) expect((await call(pool.url, 'GET', '/api/v1/contacts/people', { token, headers: { connection: 'close' } })).status).toBe(200);
    } finally {
      await pool.stop();
    }
  });

  it('on the embedded database, it refuses in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-workers-'));
    try {
      const child = spawn(process.execPath, [startScript], { env: { ...process.env, DATABASE_URL: '', HUB_DATA_DIR: dir, HUB_WORKERS: '2', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(out.trim().split('\n')).toHaveLength(1);
      expect(out).toMatch(/needs PostgreSQL \(set DATABASE_URL\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
