// Schema snapshots of module code and diffs between snapshots are the slow part of a plan
// (drizzle-kit): both are memoized for the life of the process.
import { extendedSchemasOf } from '../extensions/index.js';
import { sha256 } from '../lifecycle/planHash.js';
import { diffSnapshots, moduleSnapshot, type DiffSnapshotsArgs, type SchemaDiff, type Snapshot } from '../schema/index.js';
import type { LoadedModule } from './types.js';

/** Diffs kept before the cache starts over (each holds the SQL of one module's change). */
const MAX_DIFFS = 1000;

export class SchemaCache {
  private readonly snapshots = new Map<string, Promise<Snapshot>>();
  private readonly diffs = new Map<string, Promise<SchemaDiff>>();

  /** The code's snapshot, by version, entry and code hash: new code gives a new snapshot. */
  snapshotOf = (loaded: LoadedModule): Promise<Snapshot> => {
    const key = `${loaded.info.name}@${loaded.info.version}:${loaded.info.entry}:${loaded.codeHash}`;
    let snap = this.snapshots.get(key);
    if (!snap) {
      const schema = (loaded.definition.schema ?? {}) as Record<string, unknown>;
      // Its own schema plus the schemas of the tables it extends (their extra columns only).
      snap = moduleSnapshot(schema, [loaded.info.name, ...extendedSchemasOf(loaded.info.name, schema)]);
      this.snapshots.set(key, snap);
      snap.catch(() => this.snapshots.delete(key));
    }
    return snap;
  };

  /** diffSnapshots memoized by content: plans repeated in a warm process (and the re-plan of apply) diff once. */
  diff = (args: DiffSnapshotsArgs): Promise<SchemaDiff> => {
    // Snapshot ids are random (drizzle-kit): they are left out of the key.
    const content = (snap: Snapshot) => ({ ...snap, id: undefined, prevId: undefined });
    const key = sha256(JSON.stringify([args.moduleName, args.renames ?? null, content(args.previous), content(args.current)]));
    let diff = this.diffs.get(key);
    if (!diff) {
      if (this.diffs.size >= MAX_DIFFS) this.diffs.clear();
      diff = diffSnapshots(args);
      this.diffs.set(key, diff);
      diff.catch(() => this.diffs.delete(key));
    }
    return diff;
  };
}
