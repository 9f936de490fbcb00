// How an instance learns that the module state changed: NOTIFY for speed, and the generation in
// hub.state for truth. A notification can be lost (the LISTEN connection dropped, PostgreSQL
// restarted, a network blip): after every (re)connect of the LISTEN connection and on a cheap
// periodic check, the generation is read again and a jump is reported as a change of the modules
// whose rows differ from what was last seen.
import type { Database, SqlExecutor } from '../db/types.js';
import type { ModuleLogger } from '@hub/kit';
import { readGeneration } from '../state/index.js';

/** Channel of the NOTIFY sent with every committed change of the module state. */
export const HUB_CHANNEL = 'hub_modules';

/**
 * Announces a change inside the transaction that makes it: a NOTIFY in a transaction is delivered
 * at commit, so no committed change goes unannounced and no rolled-back one is announced.
 */
export async function announce(tx: Pick<SqlExecutor, 'query'>, event: { action: string; modules: string[]; generation: number; origin: string }): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [HUB_CHANNEL, JSON.stringify(event)]);
}

export interface FeedEvent {
  action: string;
  modules: string[];
  generation: number;
  origin: 'local' | 'remote';
}

export interface ChangeFeedOptions {
  db: Database;
  channel: string;
  instanceId: string;
  logger: ModuleLogger;
  /** Periodic check of the generation, in ms; 0 turns it off (one process owns the database). */
  checkEveryMs: number;
  onEvent(event: FeedEvent): void;
}

type Fingerprints = Map<string, string>;

async function readFingerprints(db: Pick<Database, 'query'>): Promise<Fingerprints> {
  const rows = await db.query<{ name: string; f: string }>(
    "SELECT name, concat_ws('|', version, state, enabled::text, manifest_hash, updated_at::text) AS f FROM hub.modules",
  );
  return new Map(rows.map((r) => [r.name, r.f]));
}

export class ChangeFeed {
  /** Highest generation reported to onEvent. */
  seen = 0;
  private fingerprints: Fingerprints = new Map();
  private timer?: ReturnType<typeof setInterval>;
  private unlisten?: () => Promise<void>;
  private checking?: Promise<void>;
  private closed = false;

  constructor(private readonly o: ChangeFeedOptions) {}

  async start(): Promise<void> {
    this.seen = await readGeneration(this.o.db);
    this.fingerprints = await readFingerprints(this.o.db);
    let first = true;
    this.unlisten = await this.o.db.listen(this.o.channel, (payload) => this.onNotification(payload), () => {
      // Called on the first LISTEN and again after every reconnect: what was sent meanwhile is lost.
      if (first) { first = false; return; }
      this.o.logger.warn(`LISTEN ${this.o.channel} reconnected: reconciling with the database`);
      void this.check();
    });
    if (this.o.checkEveryMs > 0) {
      this.timer = setInterval(() => { void this.check(); }, this.o.checkEveryMs);
      this.timer.unref();
    }
  }

  /** A change committed by this instance (its NOTIFY comes back too and is then ignored). */
  local(generation: number, action: string, modules: string[]): void {
    if (generation > this.seen) this.seen = generation;
    this.o.onEvent({ action, modules, generation, origin: 'local' });
    void this.refreshFingerprints();
  }

  /** Reads the generation; reports a change if it moved past what was reported. */
  check(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.checking ??= (async () => {
      try {
        const generation = await readGeneration(this.o.db);
        if (generation <= this.seen || this.closed) return;
        const now = await readFingerprints(this.o.db);
        const changed = new Set<string>();
        for (const [name, f] of now) if (this.fingerprints.get(name) !== f) changed.add(name);
        for (const name of this.fingerprints.keys()) if (!now.has(name)) changed.add(name);
        this.fingerprints = now;
        if (generation <= this.seen) return;
        this.seen = generation;
        this.o.onEvent({ action: 'reconcile', modules: [...changed].sort(), generation, origin: 'remote' });
      } catch (error) {
        this.o.logger.warn(`checking the module state generation failed: ${(error as Error).message}`);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  private onNotification(payload: string): void {
    let event: { action?: string; modules?: string[]; origin?: string; generation?: number };
    try { event = JSON.parse(payload); } catch { return; }
    if (this.closed || event.origin === this.o.instanceId) return;
    const generation = Number(event.generation ?? 0);
    if (generation && generation <= this.seen) return; // already reconciled by a check
    if (generation) this.seen = generation;
    this.o.onEvent({ action: event.action ?? 'reconcile', modules: event.modules ?? [], generation: generation || this.seen, origin: 'remote' });
    void this.refreshFingerprints();
  }

  private async refreshFingerprints(): Promise<void> {
    try { this.fingerprints = await readFingerprints(this.o.db); } catch { /* the next check reads them */ }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try { await this.unlisten?.(); } catch { /* closing anyway */ }
  }
}
