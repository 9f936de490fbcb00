// sync: an installed module's tables brought to its code's schema at the same version (with
// extra rename hints from the request), and its data files again with `reapplyData`.
import type { OperationRequest } from '../../hub/types.js';
import type { Snapshot } from '../../schema/index.js';
import { notInstalled } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import { isInstalled, type PlanContext } from './planContext.js';
import { allTables, dataPath, moduleStep } from './stepBuilder.js';

export async function planSync(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const opts = request.options ?? {};
  const steps: ModuleStep[] = [];
  for (const name of request.modules) {
    const row = ctx.rows.get(name);
    ctx.info(name);
    if (!isInstalled(row)) throw notInstalled(name, 'synced');
    const loaded = await ctx.input.load(name);
    const before = row.snapshot as Snapshot;
    const after = await ctx.input.snapshotOf(loaded);
    const renames = opts.renames ? { ...loaded.definition.renames, ...opts.renames } : loaded.definition.renames;
    const { statements, dataLoss, down, warnings, notNullColumns } = await ctx.diff(name, before, after, renames);
    ctx.warnings.push(...warnings);
    await ctx.refuseNulls(name, notNullColumns);
    const dataFiles = opts.reapplyData ? [...(loaded.definition.data ?? [])] : [];
    if (statements.length === 0 && dataFiles.length === 0) { ctx.warnings.push(`"${name}": the database schema already matches the code`); continue; }
    steps.push(moduleStep({
      name, action: 'sync', fromVersion: row.version, toVersion: row.version, statements, dataLoss, dataFiles,
      backupTables: dataLoss.length && opts.backup !== false ? allTables(before) : [],
    }, {
      info: loaded.info, loaded, row, before, after, down,
      dataFilePaths: dataFiles.map((f) => dataPath(loaded.info.dir, f, name)),
    }));
  }
  return steps;
}
