// Rebuilds one module's server entry for `hub dev`: tsup in a build process per module (see
// buildWorker.ts; esbuild stays warm between saves), from the module's own tsup config but without
// type declarations. A module without tsup runs `pnpm run build`.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Worker { child: ChildProcess; ready: Promise<void>; next: number; waiting: Map<number, (error?: string) => void> }
const workers = new Map<string, Worker>();

function hasTsup(dir: string): boolean {
  try { createRequire(join(dir, 'package.json')).resolve('tsup'); return true; } catch { return false; }
}

function workerFor(dir: string): Worker {
  let worker = workers.get(dir);
  if (worker && worker.child.exitCode === null) return worker;
  const child = fork(fileURLToPath(new URL('./buildWorker.js', import.meta.url)), [], { cwd: dir, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const waiting = new Map<number, (error?: string) => void>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the build process of ${dir} exited (${code})`)));
    child.on('message', (m: { ready?: boolean; id?: number; error?: string }) => {
      if (m.ready) resolve();
      else if (m.id !== undefined) { waiting.get(m.id)?.(m.error); waiting.delete(m.id); }
    });
  });
  child.on('exit', () => { for (const done of waiting.values()) done('the build process exited'); waiting.clear(); workers.delete(dir); });
  ready.catch(() => undefined); // awaited by buildServer
  worker = { child, ready, next: 0, waiting };
  workers.set(dir, worker);
  return worker;
}

/** Stops the build processes. */
export function stopBuilders(): void {
  for (const w of workers.values()) w.child.kill();
  workers.clear();
}

/** Builds the module's server code; rejects with the compiler's message. */
export async function buildServer(dir: string): Promise<void> {
  if (!hasTsup(dir) || !hasTsupConfig(dir)) return runScript(dir, 'build');
  const worker = workerFor(dir);
  await worker.ready;
  const id = worker.next++;
  const error = await new Promise<string | undefined>((resolve) => {
    worker.waiting.set(id, resolve);
    worker.child.send({ id });
  });
  if (error) throw new Error(error);
}

/** Builds the module's admin bundle (its `build:admin` script, scripts/build-admin.mjs, or `vite build`). */
export function buildAdmin(dir: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (pkg.scripts?.['build:admin']) return runScript(dir, 'build:admin');
  if (existsSync(join(dir, 'scripts/build-admin.mjs'))) return run(process.execPath, ['scripts/build-admin.mjs'], dir);
  const vite = join(dir, 'node_modules/.bin/vite');
  return existsSync(vite) ? run(vite, ['build', '--logLevel', 'error'], dir) : Promise.resolve();
}

const hasTsupConfig = (dir: string) => ['tsup.config.ts', 'tsup.config.js', 'tsup.config.mjs', 'tsup.config.cjs', 'tsup.config.json'].some((f) => existsSync(join(dir, f)));
const runScript = (dir: string, script: string) => run('pnpm', ['run', '--silent', script], dir);

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(out.trim() || `${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}
