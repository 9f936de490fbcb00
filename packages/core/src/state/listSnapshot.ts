// The module state as `list` shows it, written next to the embedded database when the hub closes
// it, so a one-shot `hub module list` can answer without starting PGlite at all.
// It is trusted only while the database has not been opened since it was written: the file holds
// a hash of PostgreSQL's control file (data/global/pg_control), which PostgreSQL rewrites at every
// start and every shutdown, whoever opens the folder. The hub also removes the file before it opens
// the database, so a process that dies with the database open leaves none behind.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListedRow } from '../hub/moduleInfo.js';

const FORMAT = 1;

export interface ListSnapshot {
  /** hub.state's generation when the state was read. */
  generation: number;
  rows: Map<string, ListedRow>;
}

export function listSnapshotFile(dataDir: string): string {
  return join(dataDir, 'list-state.json');
}

/** Hash of the control file of the embedded database in <dataDir>/data; undefined without one. */
function controlStamp(dataDir: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(join(dataDir, 'data', 'global', 'pg_control'))).digest('hex');
  } catch {
    return undefined;
  }
}

export function removeListSnapshot(dataDir: string): void {
  rmSync(listSnapshotFile(dataDir), { force: true });
}

/** Call once the database is closed: the stamp is taken from the control file as the shutdown left it. */
export function writeListSnapshot(dataDir: string, snapshot: ListSnapshot): void {
  const stamp = controlStamp(dataDir);
  if (!stamp) return;
  const rows = [...snapshot.rows.values()].map(({ name, version, state, enabled, installedAt }) => ({ name, version, state, enabled, installedAt }));
  const file = listSnapshotFile(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, stamp, generation: snapshot.generation, rows }) + '\n');
  renameSync(temporary, file); // readers see the whole file or none
}

/** The snapshot if it still describes the database, else undefined (missing, unreadable or stale). */
export function readListSnapshot(dataDir: string): ListSnapshot | undefined {
  let parsed: { format?: unknown; stamp?: unknown; generation?: unknown; rows?: unknown };
  try {
    parsed = JSON.parse(readFileSync(listSnapshotFile(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  if (parsed.format !== FORMAT || typeof parsed.stamp !== 'string' || typeof parsed.generation !== 'number' || !Array.isArray(parsed.rows)) return undefined;
  if (parsed.stamp !== controlStamp(dataDir)) return undefined;
  const rows = new Map<string, ListedRow>();
  for (const r of parsed.rows as ListedRow[]) {
    if (typeof r?.name !== 'string' || typeof r.version !== 'string' || (r.state !== 'installed' && r.state !== 'uninstalled')
      || typeof r.enabled !== 'boolean' || typeof r.installedAt !== 'string') return undefined;
    rows.set(r.name, r);
  }
  return { generation: parsed.generation, rows };
}
