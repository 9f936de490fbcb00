// install: the requested modules not installed yet, plus their missing dependencies, base and
// autoInstall bridges, dependencies first.
import { resolveInstallSet } from '../../graph/index.js';
import type { OperationRequest } from '../../hub/types.js';
import type { Snapshot } from '../../schema/index.js';
import { alreadyInstalled } from '../lifecycleErrors.js';
import type { ModuleStep } from '../types.js';
import { isInstalled, type PlanContext } from './planContext.js';
import { allTables, dataPath, moduleStep, type Reason } from './stepBuilder.js';

export async function planInstall(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const rows = ctx.rows;
  for (const name of request.modules) ctx.info(name);
  const wanted = request.modules.filter((n) => !isInstalled(rows.get(n)));
  for (const name of request.modules) {
    if (isInstalled(rows.get(name))) ctx.warnings.push(`"${name}" is already installed (${rows.get(name)!.version}); skipped`);
  }
  if (wanted.length === 0) {
    const first = request.modules[0];
    if (!first) return [];
    throw alreadyInstalled(first, rows.get(first)!.version);
  }
  return installSteps(ctx, wanted, new Set(request.modules));
}

/** Install steps for `names` plus their missing dependencies, base and autoInstall bridges. */
export async function installSteps(ctx: PlanContext, names: string[], requested: Set<string>): Promise<ModuleStep[]> {
  const discovered = ctx.discovered;
  const withBase = discovered.has('base') && !isInstalled(ctx.rows.get('base')) && !names.includes('base');
  const set = resolveInstallSet({
    modules: [...discovered.values()],
    installed: new Set(ctx.installedNames()),
    requested: withBase ? ['base', ...names] : names,
    kitVersion: ctx.input.kitVersion,
  });
  const steps: ModuleStep[] = [];
  for (const { name, reason } of set) {
    const why: Reason = requested.has(name) ? 'requested' : name === 'base' ? 'dependency' : (reason as Reason) === 'requested' ? 'dependency' : (reason as Reason);
    steps.push(await installStep(ctx, name, why));
  }
  return steps;
}

async function installStep(ctx: PlanContext, name: string, reason: Reason): Promise<ModuleStep> {
  const loaded = await ctx.loadChecked(name);
  // A row that is not installed: uninstalled with its tables kept, which the install reuses.
  const row = ctx.rows.get(name);
  const def = loaded.definition;
  const before = row ? (row.snapshot as Snapshot) : await ctx.emptySnapshot();
  const after = await ctx.input.snapshotOf(loaded);
  const { statements, dataLoss, down, warnings, notNullColumns } = await ctx.diff(name, before, after, def.renames);
  ctx.warnings.push(...warnings);
  if (!def.hooks?.preInit) await ctx.refuseNulls(name, notNullColumns);
  const hooks = [def.hooks?.preInit && 'preInit', def.hooks?.postInit && 'postInit'].filter(Boolean) as string[];
  const dataFiles = [...(def.data ?? [])];
  return moduleStep({
    name, action: 'install', reason, fromVersion: row?.version, toVersion: loaded.info.version,
    statements, dataLoss, hooks, dataFiles, backupTables: dataLoss.length ? allTables(before) : [],
  }, {
    info: loaded.info, loaded, row, before, after, down,
    dataFilePaths: dataFiles.map((f) => dataPath(loaded.info.dir, f, name)),
    // A reinstall over kept tables reloads only keyed records (the others are there already).
    dataOnlyKeyed: row !== undefined,
  });
}
