// Cold start of the real host (apps/hub/src/start.mjs) on PostgreSQL with base and the example
// modules installed: from spawning the process to its first answer, and its resident memory
// when idle after start. Baseline: a bare Node HTTP server's spawn-to-first-answer.
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, createHub, median, quiet, repo, startPostgres } from './server-lib.mjs';

const RUNS = 3;
const startScript = join(repo, 'apps/hub/src/start.mjs');

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });

/** Spawns `args`, polls `url` until it answers 200; returns { ms, child }. */
async function firstAnswer(args, env, url) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early: ${err.slice(-2000)}`);
    try {
      const r = await fetch(url);
      if (r.status === 200) { await r.arrayBuffer(); return { ms: performance.now() - t0, child }; }
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 5));
    if (performance.now() - t0 > 60_000) throw new Error(`no answer in 60 s: ${err.slice(-2000)}`);
  }
}

const stop = (child) => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

export default async function () {
  const pg = await startPostgres();
  const databaseUrl = await createDb(pg.url, 'bench_cold');
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-cold-'));
  // Install base and every example module the host has, once.
  const hub = await createHub({ hostDir: join(repo, 'apps/hub'), dataDir, databaseUrl, logger: quiet, env: {} });
  const names = (await hub.list()).map((m) => m.name);
  await hub.apply({ action: 'install', modules: names });
  await hub.close();

  const env = { DATABASE_URL: databaseUrl, HUB_DATA_DIR: dataDir, HUB_ADMIN_EMAIL: 'cold@hub.local', HUB_ADMIN_PASSWORD: 'cold-password', HUB_LOG_LEVEL: 'warn' };
  const hubTimes = [];
  let idleRss = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const port = await freePort();
    const { ms, child } = await firstAnswer([startScript], { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/api/v1/health`);
    if (i > 0) hubTimes.push(ms); // the first start creates the admin
    if (i === RUNS) {
      await new Promise((r) => setTimeout(r, 3000));
      idleRss = rssMb(child.pid);
    }
    await stop(child);
  }
  const bareTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const port = await freePort();
    const code = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
    const { ms, child } = await firstAnswer(['-e', code], {}, `http://127.0.0.1:${port}/`);
    bareTimes.push(ms);
    await stop(child);
  }
  await pg.stop();
  const ms = median(hubTimes);
  return [
    { name: `cold start on PostgreSQL to first answer (${names.length} modules installed: ${names.join(', ')})`, value: ms, unit: 'ms', baseline: median(bareTimes), ratio: ms / median(bareTimes), goal: '< 1500 ms', meets: ms < 1500 },
    { name: 'resident memory of the hub process, idle after start (same modules)', value: idleRss, unit: 'MB', baseline: null, ratio: null, goal: '< 150 MB', meets: idleRss < 150 },
  ];
}
