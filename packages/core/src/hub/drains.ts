// Drains take modules out of service on every instance while a change is prepared (their routes
// answer 503). Each drain change is a state change like any other: a new generation, announced.
import type { Database, SqlExecutor } from '../db/types.js';
import { deleteDrain, deleteOrphanDrains, insertDrain, readDrainedModules } from '../state/index.js';
import { announce, type ChangeFeed } from './changeFeed.js';

export class Drains {
  constructor(private readonly db: Database, private readonly feed: ChangeFeed, private readonly instanceId: string) {}

  drain(id: string, modules: string[]): Promise<number> {
    return this.change('drain', modules, (tx) => insertDrain(tx, { id, owner: this.instanceId, modules }));
  }

  undrain(id: string): Promise<number> {
    return this.change('undrain', [], (tx) => deleteDrain(tx, id));
  }

  drained(): Promise<Set<string>> {
    return readDrainedModules(this.db);
  }

  dropOrphans(aliveForMs: number): Promise<number> {
    return this.change('undrain', [], (tx) => deleteOrphanDrains(tx, aliveForMs));
  }

  /** Commits a change of the drains with its generation and NOTIFY, then tells this instance's listeners. */
  private async change(action: 'drain' | 'undrain', modules: string[], write: (tx: SqlExecutor) => Promise<number>): Promise<number> {
    const generation = await this.db.transaction(async (tx) => {
      const g = await write(tx);
      if (g) await announce(tx, { action, modules, generation: g, origin: this.instanceId });
      return g;
    });
    if (generation) this.feed.local(generation, action, modules);
    return generation;
  }
}
