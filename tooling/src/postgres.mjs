// Starts a throwaway PostgreSQL 15 server on 127.0.0.1 for tests and benchmarks.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

function findBin(name) {
  for (const dir of [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin']) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return name;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
function run(bin, args, opts = {}) {
  if (asRoot) return execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], opts);
  return execFileSync(bin, args, opts);
}

/** Starts a server; returns { url, port, dataDir, stop() }. The data folder is removed on stop. */
export async function startPostgres({ maxConnections = 200 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  run(findBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], { stdio: 'pipe' });
  const port = await freePort();
  const args = ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', `max_connections=${maxConnections}`,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const bin = findBin('postgres');
  const child = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: false })
    : spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; if (log.length > 20000) log = log.slice(-10000); });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited while starting:\n${log}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok && /ready to accept connections/.test(log)) break;
    if (Date.now() - started > 30000) throw new Error(`PostgreSQL did not start in 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const exited = new Promise((r) => child.once('exit', r));
    try { run(findBin('pg_ctl'), ['-D', data, 'stop', '-m', 'immediate'], { stdio: 'pipe' }); } catch { child.kill('SIGKILL'); }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, dataDir: data, stop };
}
