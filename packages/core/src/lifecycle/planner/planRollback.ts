// rollback: the last migration of each module not rolled back yet, run backwards (its recorded
// down statements), back to the version and snapshot before it.
import type { OperationRequest, PlannedStatement } from '../../hub/types.js';
import type { Snapshot } from '../../schema/index.js';
import { readMigrations } from '../../state/index.js';
import { baseRequired, hasDependents, notInstalled, nothingToRollback } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import { isInstalled, type PlanContext } from './planContext.js';
import { allTables, moduleStep } from './stepBuilder.js';

export async function planRollback(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const steps: ModuleStep[] = [];
  for (const name of request.modules) {
    const row = ctx.rows.get(name);
    if (!isInstalled(row)) { if (!row) ctx.info(name); throw notInstalled(name, 'rolled back'); }
    const last = (await readMigrations(ctx.input.db, name)).filter((m) => !m.rolledBackAt).at(-1);
    if (!last) throw nothingToRollback(name);
    if (last.fromVersion === null) {
      // The rollback of an install uninstalls: nothing may depend on the module.
      if (name === 'base') throw baseRequired('rolled back to nothing');
      const deps = ctx.graph().dependentsOf(name, { transitive: true }).filter((d) => isInstalled(ctx.rows.get(d)));
      if (deps.length) throw hasDependents(name, deps);
    }
    const statements: PlannedStatement[] = last.down.map((sql, i) => (last.downDataLoss[i] ? { sql, dataLoss: last.downDataLoss[i]! } : { sql }));
    const dataLoss = statements.flatMap((s) => (s.dataLoss ? [s.dataLoss] : []));
    const before = row.snapshot as Snapshot;
    steps.push(moduleStep({
      name, action: 'rollback', fromVersion: row.version, toVersion: last.fromVersion ?? undefined, statements, dataLoss,
      backupTables: dataLoss.length && request.options?.backup !== false ? allTables(before) : [],
    }, {
      row, before, after: (last.snapshotBefore as Snapshot | null) ?? (await ctx.emptySnapshot()), rollbackOf: last,
    }));
    ctx.warnings.push(`"${name}": rolls back migration #${last.id} (${last.fromVersion ?? 'nothing'} -> ${last.toVersion}, applied ${last.appliedAt})`);
  }
  return steps;
}
