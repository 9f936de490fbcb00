// uninstall: the requested modules and (with `cascade`, or when they are autoInstall bridges)
// their installed dependents, dependents first. Tables stay unless `dropTables`; columns added to
// other modules' tables always go, after a backup.
import type { OperationRequest } from '../../hub/types.js';
import { extensionTablesOf, onlyExtensions, primaryKeyOf, withoutExtensions } from '../../extensions/index.js';
import { dropStatements, type Snapshot } from '../../schema/index.js';
import { baseRequired, hasDependents, notInstalled } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import { isInstalled, type PlanContext } from './planContext.js';
import { allTables, moduleStep, strip } from './stepBuilder.js';

export async function planUninstall(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const rows = ctx.rows;
  const opts = request.options ?? {};
  for (const name of request.modules) {
    if (name === 'base') throw baseRequired('uninstalled');
    if (!isInstalled(rows.get(name))) {
      if (!rows.has(name)) ctx.info(name);
      throw notInstalled(name, 'uninstalled');
    }
  }
  const graph = ctx.graph();
  const targets = new Set(request.modules);
  const dependents = new Set<string>();
  for (const name of targets) {
    const found = graph.dependentsOf(name, { transitive: true }).filter((d) => isInstalled(rows.get(d)) && !targets.has(d));
    // autoInstall bridges came with their dependencies and go with them, cascade or not.
    const bridgesOnly = found.every((d) => ctx.discovered.get(d)?.autoInstall);
    if (found.length && !opts.cascade && !bridgesOnly) throw hasDependents(name, found.filter((d) => !ctx.discovered.get(d)?.autoInstall));
    if (found.length && !opts.cascade) ctx.warnings.push(`autoInstall module(s) ${found.join(', ')} go with "${name}"`);
    for (const d of found) dependents.add(d);
  }
  if (dependents.has('base')) throw baseRequired('uninstalled');
  const steps: ModuleStep[] = [];
  for (const name of graph.order([...targets, ...dependents]).reverse()) steps.push(await uninstallStep(ctx, name, targets.has(name), opts));
  if (!opts.dropTables) ctx.warnings.push('Tables and data are kept (uninstall without dropTables); a reinstall reuses them.');
  return steps;
}

async function uninstallStep(ctx: PlanContext, name: string, requested: boolean, opts: NonNullable<OperationRequest['options']>): Promise<ModuleStep> {
  const row = ctx.rows.get(name)!;
  let loaded;
  try { loaded = await ctx.input.load(name); } catch (error) {
    ctx.warnings.push(`"${name}": its code cannot be loaded, its uninstall hook (if any) will not run: ${(error as Error).message}`);
  }
  const before = row.snapshot as Snapshot;
  // Columns added to other modules' tables always go (after a backup): the owner's table stays.
  const extensions = extensionTablesOf(name, before);
  const statements = opts.dropTables
    ? dropStatements(before, { dropSchema: name }).map(strip)
    : extensions.length ? dropStatements(onlyExtensions(name, before), { ownSchema: name }).map(strip) : [];
  const now = ctx.snapshotsNow();
  const columnBackups = opts.backup === false ? [] : extensions.map(([key, t]) => ({
    schema: t.schema, table: t.name, columns: Object.keys(t.columns),
    key: primaryKeyOf(now.get(t.schema)?.tables[key] ?? t),
  }));
  if (extensions.length) {
    ctx.warnings.push(`"${name}": its columns ${extensions.flatMap(([key, t]) => Object.keys(t.columns).map((c) => `${key}.${c}`)).join(', ')} are dropped${columnBackups.length ? ' after a backup' : ''}`);
  }
  const after = opts.dropTables ? await ctx.emptySnapshot() : extensions.length ? withoutExtensions(name, before) : before;
  return moduleStep({
    name, action: 'uninstall', reason: requested ? 'requested' : 'dependent', fromVersion: row.version,
    statements, dataLoss: statements.flatMap((s) => (s.dataLoss ? [s.dataLoss] : [])),
    hooks: loaded?.definition.hooks?.uninstall ? ['uninstall'] : [],
    backupTables: opts.dropTables && opts.backup !== false ? allTables(withoutExtensions(name, before)) : [],
  }, { info: loaded?.info, loaded, row, before, after, ...(columnBackups.length ? { columnBackups } : {}) });
}
