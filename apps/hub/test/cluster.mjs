// Test harness for several hub instances on one PostgreSQL: real `node src/start.mjs` processes,
// each with its own empty data folder, a small HTTP client, and a load generator that keeps
// requests going to every instance and records every answer.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN = { email: 'admin@cluster.test', password: 'cluster-password-1' };

export async function call(url, method, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = text;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body: json, headers: res.headers };
}

/** Starts one instance; resolves once it listens. `stop()` ends it with SIGTERM, `kill()` with SIGKILL. */
export async function startInstance({ databaseUrl, env = {}, args = [], script = join(appDir, 'src/start.mjs'), dataDir } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'hub-instance-'));
  const child = spawn(process.execPath, [script, ...args], {
    cwd: appDir,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, HUB_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1',
      HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password, HUB_LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; if (out.length > 50_000) out = out.slice(-20_000); });
  child.stderr.on('data', (d) => { out += d; if (out.length > 50_000) out = out.slice(-20_000); });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start in 60 s:\n${out}`)), 60_000);
    const onData = () => {
      const m = /Hub is running at (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); child.stdout.off('data', onData); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`instance exited (${code}) while starting:\n${out}`)); });
  });
  const health = await call(url, 'GET', '/api/v1/health');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  return {
    url, pid: child.pid, dataDir: dir, id: health.body.instance.id, output: () => out, exited,
    async stop() { if (child.exitCode === null) { child.kill('SIGTERM'); await exited; } cleanup(); },
    async kill() { if (child.exitCode === null) { child.kill('SIGKILL'); await exited; } },
    cleanup,
  };
}

/**
 * Keeps `concurrency` requests in flight per instance to `path` (a function of the instance index
 * gives per-instance paths) until stop(); returns every answer with its time. `instances[i]` is
 * read before each request, as a load balancer would: set it to null to take the instance out of
 * rotation (`drained(i)` resolves once none of its requests is in flight), and to another instance
 * to put that one in.
 */
export function startLoad(instances, path, { token, concurrency = 2 } = {}) {
  const answers = [];
  const inFlight = instances.map(() => 0);
  let running = true;
  const loops = instances.flatMap((_, index) => Array.from({ length: concurrency }, async () => {
    while (running) {
      const instance = instances[index];
      if (!instance) { await new Promise((r) => setTimeout(r, 5)); continue; }
      const at = Date.now();
      const target = typeof path === 'function' ? path(index) : path;
      inFlight[index]++;
      try {
        const r = await call(instance.url, 'GET', target, { token });
        answers.push({ instance: index, path: target, at, status: r.status, code: r.body?.code, retryAfter: r.headers.get('retry-after'), body: r.status >= 500 ? r.body : undefined });
      } catch (err) {
        answers.push({ instance: index, path: target, at, status: 0, code: String(err?.cause?.code ?? err?.message) });
      } finally {
        inFlight[index]--;
      }
    }
  }));
  return {
    answers,
    drained: (index) => waitFor(() => inFlight[index] === 0, 10_000, 2),
    async stop() { running = false; await Promise.all(loops); return answers; },
  };
}

export async function waitFor(fn, timeoutMs = 5000, everyMs = 20) {
  const started = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A module package in `dir`, packed by the real `npm pack`: it imports @hub/kit and drizzle-orm by
 * name, as a built module does. Returns the archive's path.
 */
export function packModule(dir, name, version, body) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${name}`, version, type: 'module', main: 'index.js', license: 'MIT', hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, 'index.js'), body);
  const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  return join(dir, out);
}

/** POST /modules/upload of an archive (`query` e.g. '?replace=true'). */
export async function upload(url, token, file, query = '') {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), 'module.tgz');
  const res = await fetch(`${url}/api/v1/modules/upload${query}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}
