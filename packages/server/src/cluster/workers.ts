// `hub serve --workers N` / HUB_WORKERS: N instances of the hub on one machine and one port, with
// node's cluster module. Each worker is a full instance on the same PostgreSQL (its own pool, its
// own LISTEN, its own row in hub.instances); the primary only forks, restarts and reports.
import cluster from 'node:cluster';
import { HubError } from '@hub/kit';
import type { AdminBootstrap } from '../bootstrap/ensureBase.js';

export interface WorkerReady {
  url: string;
  admin: AdminBootstrap;
}

/** The worker count asked for (a flag, else HUB_WORKERS), 1 when none; throws on a bad value. */
export function workerCount(flag: number | undefined, env: Record<string, string | undefined>): number {
  const raw = flag ?? (env.HUB_WORKERS ? Number(env.HUB_WORKERS) : 1);
  if (!Number.isInteger(raw) || raw < 1 || raw > 64) {
    throw new HubError('HUB_WORKERS_INVALID', `--workers / HUB_WORKERS must be a whole number from 1 to 64, not "${flag ?? env.HUB_WORKERS}"`);
  }
  return raw;
}

/** Refuses several workers on the embedded database, which one process owns. */
export function checkWorkersAllowed(workers: number, databaseUrl: string | undefined): void {
  if (workers > 1 && !databaseUrl) {
    throw new HubError('HUB_WORKERS_NEED_POSTGRES',
      `--workers ${workers} needs PostgreSQL (set DATABASE_URL): the embedded database is owned by one process`);
  }
}

export const isWorker = (): boolean => cluster.isWorker;

/** In a worker: tells the primary that this instance listens. */
export function reportReady(ready: WorkerReady): void {
  process.send?.({ hub: 'ready', ...ready });
}

/**
 * In the primary: forks `workers` copies of this program (same arguments and environment) and
 * resolves once all listen, with what the first one reported (and the first administrator if a
 * worker created it). A worker that dies unexpectedly is replaced; stop() ends them all.
 */
export async function startWorkers(workers: number): Promise<{ url: string; admin: AdminBootstrap; stop(): Promise<void> }> {
  let stopping = false;
  let admin: AdminBootstrap = { created: false };
  let url = '';
  let ready = 0;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (msg: { hub?: string } & Partial<WorkerReady>) => {
      if (msg?.hub !== 'ready') return;
      url ||= msg.url!;
      if (msg.admin?.created) admin = msg.admin;
      ready++;
    });
    return worker;
  };
  const exited = new Promise<never>((_resolve, reject) => {
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      if (ready < workers) { reject(new Error(`a worker exited while starting (${signal ?? code})`)); return; }
      process.stderr.write(`hub: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      fork();
    });
  });
  exited.catch(() => undefined);
  for (let i = 0; i < workers; i++) fork();
  await Promise.race([exited, (async () => { while (ready < workers) await new Promise((r) => setTimeout(r, 20)); })()]);
  return {
    url, admin,
    async stop() {
      stopping = true;
      const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      await Promise.all(all.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) { resolve(); return; }
        w.once('exit', () => resolve());
        w.process.kill('SIGTERM');
      })));
    },
  };
}
