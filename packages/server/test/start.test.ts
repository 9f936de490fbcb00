// apps/hub's start script, as `pnpm start` runs it: embedded database, base installed, the first
// admin's login printed, `GET /api/v1/modules/` lists base as installed; a second process on the
// same data folder is refused; server.json and the lock are removed on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

const startScript = fileURLToPath(new URL('../../../apps/hub/src/start.mjs', import.meta.url));

/** Every process the tests start, killed at the end whatever happened (a timed-out test included). */
const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [startScript], { env: { ...process.env, VITEST: '', HUB_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function until(fn: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('apps/hub start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, prints the admin login, lists base as installed, holds the data folder', async () => {
    const first = start({ HUB_DATA_DIR: dataDir, PORT: '0', HUB_ADMIN_EMAIL: '', HUB_ADMIN_PASSWORD: '' });
    try {
      await until(() => /Modules:/.test(first.output()), 90_000);
      const out = first.output();
      const url = /Hub is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
      const email = /email:\s+(\S+)/.exec(out)![1];
      const password = /password:\s+(\S+)/.exec(out)![1];
      expect(out).toMatch(/base\s+\S+\s+installed/);
      const api = client(url);
      const token = await api.login(email, password);
      const r = await api.call('GET', '/api/v1/modules/', { token });
      expect(r.body.items.find((m: { name: string }) => m.name === 'base')).toMatchObject({ state: 'installed', enabled: true });
      const info = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'));
      expect(info).toMatchObject({ pid: first.child.pid, url });
      expect(readFileSync(join(dataDir, 'data.lock'), 'utf8').trim()).toBe(String(first.child.pid));

      const second = start({ HUB_DATA_DIR: dataDir, PORT: '0' });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`in use by process ${first.child.pid}`);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'data.lock'))).toBe(false);
  }, 180_000);
});
