import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { HubCommand, hostFlags } from '../lib/HubCommand.js';
import { findInHost } from '../lib/importFromHost.js';
import { listenAddress, loadHostServer, type ServerModule } from '../lib/hostServer.js';
import { loadCore } from '../lib/backend/directBackend.js';
import { lockDataDir } from '../lib/dataLock.js';
import { findMonorepoRoot } from '../lib/hostDir.js';


export default class Serve extends HubCommand {
  static summary = 'Start the hub server (@hub/server) for the host: API, module routes, admin.';
  static description = [
    'Reads DATABASE_URL, PORT, HOST, HUB_DATA_DIR, ADDONS_PATHS, HUB_ADMIN_EMAIL/HUB_ADMIN_PASSWORD like `pnpm start`.',
    'With the embedded database it holds <dataDir>/data.lock and writes <dataDir>/server.json while it runs, so `hub` commands go through its API.',
    'With --workers N (or HUB_WORKERS) on PostgreSQL it runs N instances on one port (node cluster); the embedded database refuses that.',
    'Stops on SIGINT/SIGTERM.',
  ].join('\n');
  static examples = ['<%= config.bin %> serve', '<%= config.bin %> serve --port 8080', 'DATABASE_URL=postgres://... <%= config.bin %> serve', 'DATABASE_URL=postgres://... <%= config.bin %> serve --workers 2'];
  static flags = {
    port: Flags.integer({ description: 'port (default PORT or 3000; 0 picks a free one)' }),
    host: Flags.string({ description: 'address to listen on (default HOST or 127.0.0.1)' }),
    workers: Flags.integer({ description: 'instances on this machine, one port (default HUB_WORKERS or 1; PostgreSQL only)' }),
    dir: hostFlags.dir,
  };

  servePool(server: ServerModule, workers: number, dataDir: string): Promise<void> {
    return servePoolOf(this, server, workers, dataDir);
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const settings = this.settings(flags);
    const server = await loadHostServer(settings.hostDir);
    const { port, host } = listenAddress(flags);
    const workers = server.workerCount(flags.workers, process.env);
    server.checkWorkersAllowed(workers, settings.databaseUrl);
    if (workers > 1 && !server.isWorker()) return this.servePool(server, workers, settings.dataDir);
    const release = settings.databaseUrl ? () => {} : lockDataDir(settings.dataDir);
    const serverFile = join(settings.dataDir, 'server.json');
    let hub: Awaited<ReturnType<Awaited<ReturnType<typeof loadCore>>['createHub']>> | undefined;
    let http: Awaited<ReturnType<ServerModule['createServer']>> | undefined;
    const shutdown = async () => {
      // A closing step that cannot finish (the database is gone, so the pool's end waits) must not
      // keep a stopped server alive: it exits anyway after 10 s.
      setTimeout(() => { process.stderr.write('hub serve: stopping took over 10 s; exiting now\n'); process.exit(1); }, 10_000).unref();
      rmSync(serverFile, { force: true });
      await http?.close().catch(() => {});
      await hub?.close().catch(() => {});
      release();
    };
    try {
      const core = await loadCore(settings.hostDir);
      hub = await core.createHub({ hostDir: settings.hostDir, dataDir: settings.dataDir, databaseUrl: settings.databaseUrl, addonsPaths: settings.addonsPaths, env: process.env });
      http = await server.createServer({ hub, host, port, adminDir: adminDir(settings.hostDir), env: process.env });
      const { url } = await http.listen();
      if (server.isWorker()) {
        server.reportReady({ url, admin: http.admin });
        return await new Promise<void>((resolveStop) => {
          const stop = () => { void shutdown().then(resolveStop); };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }
      mkdirSync(settings.dataDir, { recursive: true });
      writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString(), database: settings.databaseUrl ? 'postgres' : 'pglite', dataDir: settings.dataDir }, null, 2) + '\n');
      const lines = [`Hub is running at ${url} (${settings.databaseUrl ? 'PostgreSQL' : `embedded database in ${settings.dataDir}`})`, `  Admin: ${url}/admin/   API docs: ${url}/api/docs`];
      if (http.admin.created) {
        lines.push('First administrator created (shown once):', `  email:    ${http.admin.email}`, `  password: ${http.admin.password}`);
      }
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

/** The primary of --workers N: forks this same command N times, reports once all listen. */
async function servePoolOf(command: Serve, server: ServerModule, workers: number, dataDir: string): Promise<void> {
  const pool = await server.startWorkers(workers);
  const serverFile = join(dataDir, 'server.json');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url: pool.url, workers, startedAt: new Date().toISOString(), database: 'postgres', dataDir }, null, 2) + '\n');
  const lines = [`Hub is running at ${pool.url} (${workers} workers, PostgreSQL)`, `  Admin: ${pool.url}/admin/   API docs: ${pool.url}/api/docs`];
  if (pool.admin.created) lines.push('First administrator created (shown once):', `  email:    ${pool.admin.email}`, `  password: ${pool.admin.password}`);
  command.print(lines.join('\n'));
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      rmSync(serverFile, { force: true });
      void pool.stop().then(resolveStop);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The built admin app: HUB_ADMIN_DIR, @hub/admin in the host, or apps/admin/dist in the monorepo. */
function adminDir(hostDir: string): string | undefined {
  if (process.env.HUB_ADMIN_DIR) return process.env.HUB_ADMIN_DIR;
  const entry = findInHost('@hub/admin', hostDir);
  if (entry) return join(entry, '..');
  const repo = findMonorepoRoot(hostDir);
  const dist = repo && join(repo, 'apps/admin/dist');
  return dist && existsSync(dist) ? dist : undefined;
}
