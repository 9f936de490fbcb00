import { Flags } from '@oclif/core';
import { HubError } from '@hub/kit';
import { HubCommand, hostFlags } from '../lib/HubCommand.js';
import { importFromHost } from '../lib/importFromHost.js';
import { runningServer } from '../lib/backend/runningServer.js';

type ServerModule = Record<string, any>;

export default class Serve extends HubCommand {
  static summary = 'Start the hub server (@hub/server) for the host: API, module routes, admin.';
  static description = 'Reads DATABASE_URL, PORT, HUB_DATA_DIR, ADDONS_PATHS, HUB_ADMIN_EMAIL/HUB_ADMIN_PASSWORD like the server. Stops on SIGINT/SIGTERM.';
  static examples = ['<%= config.bin %> serve', 'PORT=8080 <%= config.bin %> serve --host 0.0.0.0', 'DATABASE_URL=postgres://... <%= config.bin %> serve'];
  static flags = {
    port: Flags.integer({ description: 'port (default PORT or 3000)' }),
    host: Flags.string({ description: 'address to listen on (default HOST or 127.0.0.1)' }),
    dir: hostFlags.dir,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const settings = this.settings(flags);
    if (!settings.databaseUrl) {
      const other = runningServer(settings.dataDir);
      if (other) {
        throw new HubError('HUB_DATA_DIR_IN_USE', `a hub server (pid ${other.pid}, ${other.url}) already holds ${settings.dataDir}`, {
          hint: 'stop it first, or give this one another HUB_DATA_DIR or a DATABASE_URL',
        });
      }
    }
    let server: ServerModule;
    try {
      server = await importFromHost<ServerModule>('@hub/server', settings.hostDir, () => import('@hub/server' as string));
    } catch (err) {
      throw new HubError('HUB_SERVER_MISSING', `@hub/server cannot be loaded: ${(err as Error).message.split('\n')[0]}`, {
        hint: 'add it to the host: pnpm add @hub/server', cause: err,
      });
    }
    const port = flags.port ?? (process.env.PORT ? Number(process.env.PORT) : 3000);
    const host = flags.host ?? process.env.HOST ?? '127.0.0.1';
    const options = {
      hostDir: settings.hostDir, dataDir: settings.dataDir, databaseUrl: settings.databaseUrl, addonsPaths: settings.addonsPaths,
      port, host,
    };
    const start = server.startServer ?? server.start;
    if (typeof start !== 'function') throw new HubError('HUB_SERVER_MISSING', '@hub/server has no startServer()', { hint: 'update @hub/server' });
    const running = await start(options);
    await new Promise<void>((resolveStop) => {
      const stop = async () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await (running?.close?.() ?? running?.stop?.());
        resolveStop();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }
}
