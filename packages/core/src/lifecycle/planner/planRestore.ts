// restore: a module's rows replaced with a backup's (the newest, or `backupId`), followed through
// the renames since the backup was taken.
import type { OperationRequest } from '../../hub/types.js';
import { backupUnmapped, followRenames, readManifest, resolveRestore, statementsSince } from '../../backup/index.js';
import { readBackups, readMigrations } from '../../state/index.js';
import { backupMissing, notInstalled } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import type { PlanContext } from './planContext.js';
import { moduleStep } from './stepBuilder.js';

export async function planRestore(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const steps: ModuleStep[] = [];
  for (const name of request.modules) {
    const row = ctx.rows.get(name);
    if (!row) { ctx.info(name); throw notInstalled(name, 'restored'); }
    const all = await readBackups(ctx.input.db, name);
    const id = request.options?.backupId;
    const backup = id ? all.find((b) => b.id === id) : all.at(-1);
    if (!backup) throw backupMissing(name, id);
    const step = moduleStep({ name, action: 'restore', fromVersion: row.version, toVersion: row.version }, { row, backup });
    steps.push(step);
    ctx.warnings.push(`"${name}": restore replaces the rows of ${backup.tables.map((t) => t.table).join(', ')} with backup ${backup.id} (${backup.createdAt})`);
    await mapRestore(ctx, name, step, request.options?.acceptUnmapped === true);
  }
  return steps;
}

/**
 * A table backup taken at an older (or newer) schema: follows its tables and columns through the
 * renames recorded since, and refuses (HUB_BACKUP_UNMAPPED, naming them) what has no place now,
 * unless accepted. Extension-column backups go back by key (restoreColumns) and are left alone.
 */
async function mapRestore(ctx: PlanContext, name: string, step: ModuleStep, acceptUnmapped: boolean): Promise<void> {
  const manifest = await readManifest(step.backup!.path).catch(() => undefined);
  if (!manifest || manifest.tables.some((t) => (t as { kind?: string }).kind === 'columns')) return;
  const mapping = manifest.schemaState
    ? followRenames(manifest.tables, statementsSince(manifest.schemaState, await readMigrations(ctx.input.db, name)))
    : undefined;
  if (mapping) step.restoreMapping = mapping;
  const { targets, unmapped } = await resolveRestore(ctx.input.db, manifest.tables, mapping);
  for (const t of targets) {
    const moves = t.pairs.filter((p) => p.from !== p.to).map((p) => `${p.from} -> ${p.to}`);
    const table = `${t.target.schema}.${t.target.name}`;
    if (table !== t.entry.table || moves.length) {
      ctx.warnings.push(`"${name}": ${t.entry.table} goes to ${table}${moves.length ? ` (columns ${moves.join(', ')})` : ''}, following the renames since the backup`);
    }
  }
  if (unmapped.length && !acceptUnmapped) throw backupUnmapped(manifest.id, unmapped, name);
  if (unmapped.length) ctx.warnings.push(`"${name}": left out (acceptUnmapped): ${unmapped.join(', ')}`);
}
