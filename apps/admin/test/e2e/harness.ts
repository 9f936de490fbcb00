// A real hub for the browser tests, in its own process as users run it: `hub serve` (the CLI) for
// a host whose only module dependency is base (packages/server), on an embedded database in a
// temp folder, serving the built admin, with a temp addons folder holding the greetings fixture
// module (its admin bundle built with @hub/tooling/admin-preset). The admin speaks HTTP only:
// nothing here imports the engine or the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const adminDir = fileURLToPath(new URL('../..', import.meta.url));
const repoDir = fileURLToPath(new URL('../../../..', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const tmpRoot = join(adminDir, 'test', '.tmp');
const cliEntry = join(repoDir, 'apps', 'cli', 'bin', 'run.js');
// The server package is a host whose dependencies include @hub/module-base (as its own tests do).
const hostDir = join(repoDir, 'packages', 'server');
export const screenshotsDir = join(adminDir, 'test-results', 'screenshots');
export const ADMIN = { email: 'admin@e2e.local', password: 'e2e-password-1' };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the e2e tests can't run here, or null. */
export async function missing(): Promise<string | null> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(repoDir, 'apps', 'cli', 'dist', 'main.js'))) return 'the CLI is not built (pnpm build)';
  if (!existsSync(join(hostDir, 'dist'))) return '@hub/server is not built (pnpm build)';
  return null;
}

let adminBuilt: Promise<void> | undefined;
/** Builds the admin (dist/) and the fixture's admin bundle once per run. */
export function buildAll(): Promise<void> {
  adminBuilt ??= (async () => {
    if (!process.env.HUB_E2E_SKIP_BUILD || !existsSync(join(adminDir, 'dist', 'index.html'))) {
      await build({ configFile: join(adminDir, 'vite.config.ts'), root: adminDir, logLevel: 'warn' });
    }
    await build({ configFile: join(fixtures, 'greetings', 'vite.admin.config.mjs'), logLevel: 'warn' });
  })();
  return adminBuilt;
}

export interface RunningHub {
  url: string;
  addonsDir: string;
  dataDir: string;
  /** Stops the server and the engine and starts them again on the same data (and port), with this environment. */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

const repoModules = fileURLToPath(new URL('../../../../modules', import.meta.url));

export interface StartOptions {
  /** Workspace modules (modules/<name>, built) linked into the addons folder, e.g. ['contacts']. */
  modules?: string[];
  /** More fixture modules (test/fixtures/<name>) copied into the addons folder, e.g. ['slow_setup']. */
  fixtures?: string[];
  /** MODULES__<NAME>__<KEY> and the like, as the host reads them. */
  env?: Record<string, string>;
}

interface HubProcess { url: string; child: ChildProcess; exited: Promise<unknown> }

/** `hub serve` on the temp folders; resolves with its URL once it listens. */
async function serve(root: string, env: Record<string, string>, port: number): Promise<HubProcess> {
  const child = spawn(process.execPath, [cliEntry, 'serve', '--dir', hostDir, '--port', String(port)], {
    cwd: root,
    env: {
      ...process.env, ...env,
      HUB_DATA_DIR: join(root, 'data'), ADDONS_PATHS: join(root, 'addons'), HUB_ADMIN_DIR: join(adminDir, 'dist'),
      HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password, HUB_LOG_LEVEL: 'warn', HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => { out = (out + d.toString()).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`hub serve did not start in 90 s:\n${out}`)); }, 90_000);
    const onData = () => {
      const m = /Hub is running at (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); child.stdout!.off('data', onData); resolve(m[1]!); }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`hub serve exited (${String(code)}) while starting:\n${out}`)); });
  });
  return { url, child, exited };
}

/** SIGTERM, and SIGKILL if it has not ended within 15 s. */
async function stopProcess(p: HubProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await p.exited;
  clearTimeout(timer);
}

export async function startHub(opts: StartOptions = {}): Promise<RunningHub> {
  await buildAll();
  mkdirSync(tmpRoot, { recursive: true });
  // Inside the package so the fixture module resolves @hub/kit and drizzle-orm from apps/admin/node_modules.
  const root = mkdtempSync(join(tmpRoot, 'hub-'));
  const addonsDir = join(root, 'addons');
  const dataDir = join(root, 'data');
  mkdirSync(addonsDir, { recursive: true });
  for (const m of ['greetings', 'greetings_plus', ...(opts.fixtures ?? [])]) cpSync(join(fixtures, m), join(addonsDir, m), { recursive: true, filter: (src) => !src.includes('node_modules') });
  // Linked, not copied: the module resolves its own dependencies from its workspace folder.
  for (const m of opts.modules ?? []) symlinkSync(join(repoModules, m), join(addonsDir, m), 'dir');
  let running: HubProcess;
  try {
    running = await serve(root, opts.env ?? {}, 0);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const url = running.url;
  return {
    url, addonsDir, dataDir,
    async restart(env = {}) {
      await stopProcess(running);
      running = await serve(root, env, Number(new URL(url).port));
    },
    async close() {
      await stopProcess(running);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
