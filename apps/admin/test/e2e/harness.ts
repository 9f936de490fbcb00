// A real hub for the browser tests: engine (PGlite in a temp folder) + server serving the built
// admin, with a temp addons folder holding the greetings fixture module (its admin bundle built
// with @hub/tooling/admin-preset).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const adminDir = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const tmpRoot = join(adminDir, 'test', '.tmp');
export const screenshotsDir = join(adminDir, 'test-results', 'screenshots');
export const ADMIN = { email: 'admin@e2e.local', password: 'e2e-password-1' };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the e2e tests can't run here, or null. */
export async function missing(): Promise<string | null> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  try { await import('@hub/server'); } catch (e) { return `@hub/server is not built or not importable (${(e as Error).message.split('\n')[0]})`; }
  try { const core = await import('@hub/core'); if (typeof core.createHub !== 'function') return '@hub/core has no createHub yet'; } catch (e) { return `@hub/core not importable (${(e as Error).message.split('\n')[0]})`; }
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
  /** MODULES__<NAME>__<KEY> and the like, as the host reads them. */
  env?: Record<string, string>;
}

export async function startHub(opts: StartOptions = {}): Promise<RunningHub> {
  await buildAll();
  const { createHub } = await import('@hub/core');
  const { createServer } = await import('@hub/server');
  mkdirSync(tmpRoot, { recursive: true });
  // Inside the package so the fixture module resolves @hub/kit and drizzle-orm from apps/admin/node_modules.
  const root = mkdtempSync(join(tmpRoot, 'hub-'));
  const addonsDir = join(root, 'addons');
  const dataDir = join(root, 'data');
  mkdirSync(addonsDir, { recursive: true });
  for (const m of ['greetings', 'greetings_plus']) cpSync(join(fixtures, m), join(addonsDir, m), { recursive: true, filter: (src) => !src.includes('node_modules') });
  // Linked, not copied: the module resolves its own dependencies from its workspace folder.
  for (const m of opts.modules ?? []) symlinkSync(join(repoModules, m), join(addonsDir, m), 'dir');
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  // The server package is a host whose dependencies include @hub/module-base (as its own tests do).
  const hostDir = dirname(createRequire(import.meta.url).resolve('@hub/server/package.json'));
  const start = async (env: Record<string, string>, port = 0) => {
    const hub = await createHub({ hostDir, dataDir, addonsPaths: [addonsDir], env, logger: quiet });
    const server = await createServer({ hub, port, env, adminDir: join(adminDir, 'dist'), admin: ADMIN, logger: { level: 'silent' }, defaultMetrics: false });
    const { url } = await server.listen();
    return { hub, server, url };
  };
  let running = await start(opts.env ?? {});
  const stop = async () => {
    await running.server.close().catch(() => {});
    await running.hub.close().catch(() => {});
  };
  const running0 = running;
  return {
    url: running0.url, addonsDir, dataDir,
    async restart(env = {}) {
      await stop();
      running = await start(env, Number(new URL(running0.url).port));
    },
    async close() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
