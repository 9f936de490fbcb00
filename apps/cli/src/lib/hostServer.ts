// What `hub serve` and `hub dev` both need before they start a server: the host's @hub/server and
// the address to listen on.
import { HubError } from '@hub/kit/errors';
import { importFromHost } from './importFromHost.js';

export type ServerModule = typeof import('@hub/server');

/** The host's own @hub/server (the CLI's copy when the host has none), or a one-line error. */
export async function loadHostServer(hostDir: string): Promise<ServerModule> {
  try {
    return await importFromHost<ServerModule>('@hub/server', hostDir, () => import('@hub/server'));
  } catch (err) {
    throw new HubError('HUB_SERVER_MISSING', `@hub/server cannot be loaded: ${(err as Error).message.split('\n')[0]}`, {
      hint: 'add it to the host: pnpm add @hub/server', cause: err,
    });
  }
}

/** --port/--host, then PORT/HOST, then 3000 on 127.0.0.1. */
export function listenAddress(flags: { port?: number; host?: string }): { port: number; host: string } {
  return {
    port: flags.port ?? (process.env.PORT ? Number(process.env.PORT) : 3000),
    host: flags.host ?? process.env.HOST ?? '127.0.0.1',
  };
}
