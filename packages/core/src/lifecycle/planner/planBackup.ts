// backup: the tables of each module (installed, or uninstalled with its tables kept) copied to a
// backup folder; nothing else changes.
import type { OperationRequest } from '../../hub/types.js';
import type { Snapshot } from '../../schema/index.js';
import { notInstalled } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import type { PlanContext } from './planContext.js';
import { allTables, moduleStep } from './stepBuilder.js';

export async function planBackup(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  return request.modules.map((name) => {
    const row = ctx.rows.get(name);
    if (!row) { ctx.info(name); throw notInstalled(name, 'backed up'); }
    const tables = allTables(row.snapshot as Snapshot);
    if (tables.length === 0) ctx.warnings.push(`"${name}" has no tables`);
    return moduleStep({ name, action: 'backup', fromVersion: row.version, toVersion: row.version, backupTables: tables }, { row });
  });
}
