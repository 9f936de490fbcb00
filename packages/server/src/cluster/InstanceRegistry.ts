// Each running instance has a row in hub.instances, refreshed by a heartbeat: what it serves (the
// generation of the module state, each module's code version and whether it is mounted). Rows of
// instances that stopped beating are no longer counted as alive and are removed after a while.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database, Hub } from '@hub/core';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';

export interface InstanceModule {
  /** The version the database has. */
  version: string;
  mounted: boolean;
  /** This instance's code version, when it differs from the database's. */
  codeVersion?: string;
  problem?: { code: string; message: string };
}

export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  generation: number;
  alive: boolean;
  modules: Record<string, InstanceModule>;
}

export interface InstanceRegistryOptions {
  /** Heartbeat period in ms; default 1000. */
  beatEveryMs?: number;
  /** An instance whose last beat is older than this is not alive; default 5000 ms. */
  aliveForMs?: number;
  /** Rows older than this are deleted by any instance; default 60000 ms. */
  expireAfterMs?: number;
}

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export class InstanceRegistry {
  private timer?: ReturnType<typeof setInterval>;
  private beating?: Promise<void>;
  private readonly beatEveryMs: number;
  readonly aliveForMs: number;
  private readonly expireAfterMs: number;

  constructor(
    private readonly hub: Hub,
    private readonly db: Database,
    readonly id: string,
    private readonly mounter: ModuleMounter,
    private readonly logger: Logger,
    options: InstanceRegistryOptions = {},
  ) {
    this.beatEveryMs = options.beatEveryMs ?? 1000;
    this.aliveForMs = options.aliveForMs ?? 5000;
    this.expireAfterMs = options.expireAfterMs ?? 60_000;
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => { void this.beat(); }, this.beatEveryMs);
    this.timer.unref();
    // A remount changes what this instance serves: say so at once rather than at the next beat.
    this.mounter.onRefresh(() => { void this.beatAgain(); });
  }

  /** A beat that starts after the one in flight, if any: that one may carry an older generation. */
  private again?: Promise<void>;
  private closed = false;
  private beatAgain(): Promise<void> {
    if (!this.beating) return this.beat();
    this.again ??= this.beating.then(() => { this.again = undefined; return this.beat(); });
    return this.again;
  }

  /** Writes this instance's row now. */
  beat(): Promise<void> {
    // Once closed, no beat writes the row back after close() deleted it.
    if (this.closed) return Promise.resolve();
    this.beating ??= (async () => {
      try {
        await this.db.query(
          `INSERT INTO hub.instances (id, host, pid, generation, modules) VALUES ($1, $2, $3, $4, $5::text::jsonb)
           ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), generation = excluded.generation, modules = excluded.modules`,
          [this.id, hostname(), process.pid, this.mounter.servedGeneration, JSON.stringify(this.mounter.readiness())],
        );
        await this.db.query(`DELETE FROM hub.instances WHERE heartbeat_at < now() - make_interval(secs => $1)`, [this.expireAfterMs / 1000]);
        // A change whose instance died mid-way (kill -9) left its drain: lift it.
        await this.hub.dropOrphanDrains?.(this.aliveForMs);
      } catch (err) {
        this.logger.warn({ err }, 'instance heartbeat failed');
      } finally {
        this.beating = undefined;
      }
    })();
    return this.beating;
  }

  async list(): Promise<InstanceInfo[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT id, host, pid, ${iso('started_at')} AS started_at, ${iso('heartbeat_at')} AS heartbeat_at, generation::text AS generation,
              modules::text AS modules, heartbeat_at > now() - make_interval(secs => $1) AS alive
         FROM hub.instances ORDER BY started_at, id`,
      [this.aliveForMs / 1000],
    );
    return rows.map((r) => ({
      id: String(r.id), host: String(r.host), pid: Number(r.pid), startedAt: String(r.started_at), heartbeatAt: String(r.heartbeat_at),
      generation: Number(r.generation), alive: Boolean(r.alive), modules: JSON.parse(String(r.modules)) as Record<string, InstanceModule>,
    }));
  }

  /**
   * Waits until every live instance serves `generation` or a later one (each beats as soon as it
   * remounted), for at most timeoutMs. Returns the instances, and the ids of those still behind.
   */
  async waitForGeneration(generation: number, timeoutMs = 5000): Promise<{ instances: InstanceInfo[]; lagging: string[] }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const instances = (await this.list()).filter((i) => i.alive);
      const lagging = instances.filter((i) => i.generation < generation).map((i) => i.id);
      if (lagging.length === 0 || Date.now() >= until) return { instances, lagging };
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.again;
    await this.beating;
    try { await this.db.query('DELETE FROM hub.instances WHERE id = $1', [this.id]); } catch { /* expires by itself */ }
  }
}
