// Which code versions of a module still work on the schema the database has: the oldest version
// reached back from the installed one through compatible (additive) migrations only.
import type { SqlExecutor } from '../db/types.js';

type Q = Pick<SqlExecutor, 'query'>;

/** Records whether a migration kept code of its from-version working (see lifecycle/compatibility). */
export async function recordCompatibility(db: Q, migrationId: number, compatible: boolean | null): Promise<void> {
  await db.query('UPDATE hub.migrations SET compatible = $2 WHERE id = $1', [migrationId, compatible]);
}

export interface MigrationLink {
  action: string;
  fromVersion: string | null;
  toVersion: string;
  /** null: not known (an install, or recorded before compatibility was). */
  compatible: boolean | null;
}

/**
 * Walks the module's migrations that are not rolled back, newest first, from the installed
 * version down through compatible upgrades and syncs; stops at an install or a breaking (or
 * unknown) step. Returns the oldest version reached: code of that version or newer, up to the
 * installed one, keeps serving.
 */
export function compatibleFromChain(installedVersion: string, chain: MigrationLink[]): string {
  let floor = installedVersion;
  for (const m of [...chain].reverse()) {
    if (m.toVersion !== floor) break;
    if (!['upgrade', 'sync'].includes(m.action) || m.compatible !== true || m.fromVersion === null) break;
    floor = m.fromVersion;
  }
  return floor;
}

export async function readCompatibleFrom(db: Q, module: string, installedVersion: string): Promise<string> {
  const rows = await db.query<{ action: string; from_version: string | null; to_version: string; compatible: boolean | null }>(
    'SELECT action, from_version, to_version, compatible FROM hub.migrations WHERE module = $1 AND rolled_back_at IS NULL ORDER BY id',
    [module],
  );
  return compatibleFromChain(installedVersion, rows.map((r) => ({ action: r.action, fromVersion: r.from_version, toVersion: r.to_version, compatible: r.compatible })));
}
