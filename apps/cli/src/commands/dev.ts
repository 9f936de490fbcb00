import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Flags } from '@oclif/core';
import { HubCommand, hostFlags } from '../lib/HubCommand.js';
import { findInHost } from '../lib/importFromHost.js';
import { listenAddress, loadHostServer, type ServerModule } from '../lib/hostServer.js';
import { loadCore } from '../lib/backend/directBackend.js';
import { lockDataDir } from '../lib/dataLock.js';
import { findMonorepoRoot } from '../lib/hostDir.js';
import { DevLoop, type Ask } from '../lib/dev/DevLoop.js';


export default class Dev extends HubCommand {
  static summary = 'Start the hub for development: rebuild and remount the host\'s own modules on every save.';
  static description = [
    'Like `hub serve` (embedded database or DATABASE_URL), and it watches the src/ and data/ folders of the installed modules that',
    'are workspace packages or addons folders. On a save it rebuilds the module (tsup, without type declarations), remounts its',
    'routes, services, overrides and wrappers in place, and syncs its schema: a change that loses nothing is applied at once (the',
    'statements are printed); one that would lose data asks here (rename or drop) or waits for `hub module sync-schema NAME --apply --accept-data-loss`.',
    'A build or import error is printed and shown in the module\'s details; the previous code keeps serving.',
  ].join('\n');
  static examples = ['<%= config.bin %> dev', 'pnpm dev', 'DATABASE_URL=postgres://... <%= config.bin %> dev --port 8080'];
  static flags = {
    port: Flags.integer({ description: 'port (default PORT or 3000; 0 picks a free one)' }),
    host: Flags.string({ description: 'address to listen on (default HOST or 127.0.0.1)' }),
    dir: hostFlags.dir,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dev);
    const settings = this.settings(flags);
    const server = await loadHostServer(settings.hostDir);
    const { port, host } = listenAddress(flags);
    const release = settings.databaseUrl ? () => {} : lockDataDir(settings.dataDir);
    const serverFile = join(settings.dataDir, 'server.json');
    let hub: Awaited<ReturnType<Awaited<ReturnType<typeof loadCore>>['createHub']>> | undefined;
    let http: Awaited<ReturnType<ServerModule['createServer']>> | undefined;
    let loop: DevLoop | undefined;
    const shutdown = async () => {
      loop?.close();
      rmSync(serverFile, { force: true });
      await http?.close().catch(() => {});
      await hub?.close().catch(() => {});
      release();
    };
    try {
      const core = await loadCore(settings.hostDir);
      hub = await core.createHub({ hostDir: settings.hostDir, dataDir: settings.dataDir, databaseUrl: settings.databaseUrl, addonsPaths: settings.addonsPaths, env: process.env });
      // Request lines would bury the reload messages: warnings and errors only, unless HUB_LOG_LEVEL says otherwise.
      http = await server.createServer({ hub, host, port, adminDir: adminDir(settings.hostDir), env: process.env, dev: true, logger: { level: process.env.HUB_LOG_LEVEL ?? 'warn' } });
      const { url } = await http.listen();
      mkdirSync(settings.dataDir, { recursive: true });
      writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString(), database: settings.databaseUrl ? 'postgres' : 'pglite', dataDir: settings.dataDir }, null, 2) + '\n');
      loop = new DevLoop({ hub, server: http, print: (text) => this.print(text), ask: terminalQuestion });
      const watched = await loop.start();
      const lines = [`Hub (development) is running at ${url} (${settings.databaseUrl ? 'PostgreSQL' : `embedded database in ${settings.dataDir}`})`, `  Admin: ${url}/admin/   API docs: ${url}/api/docs`];
      if (http.admin.created) {
        lines.push('First administrator created (shown once):', `  email:    ${http.admin.email}`, `  password: ${http.admin.password}`);
      }
      lines.push(watched.length ? `Watching ${watched.join(', ')} (src/, data/): save a file to rebuild and remount it.` : 'No installed workspace or addons module to watch yet: install one, then restart `hub dev`.');
      this.print(lines.join('\n'));
    } catch (err) {
      await shutdown();
      throw err;
    }
    await new Promise<void>((resolveStop) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void shutdown().then(resolveStop);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }
}

/** A question on the terminal; off a terminal nobody can answer (the change waits for `hub module sync-schema`). */
const terminalQuestion: Ask = async (question, signal) => {
  if (!process.stdin.isTTY) {
    process.stdout.write(`${question}\n(no terminal to answer on: waiting for \`hub module sync-schema --apply\`)\n`);
    return undefined;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.on('SIGINT', () => { rl.close(); process.kill(process.pid, 'SIGINT'); });
  try {
    return await rl.question(question, { signal });
  } catch {
    return undefined;
  } finally {
    rl.close();
  }
};

/** The built admin app: HUB_ADMIN_DIR, @hub/admin in the host, or apps/admin/dist in the monorepo. */
function adminDir(hostDir: string): string | undefined {
  if (process.env.HUB_ADMIN_DIR) return process.env.HUB_ADMIN_DIR;
  const entry = findInHost('@hub/admin', hostDir);
  if (entry) return join(entry, '..');
  const repo = findMonorepoRoot(hostDir);
  const dist = repo && join(repo, 'apps/admin/dist');
  return dist && existsSync(dist) ? dist : undefined;
}
