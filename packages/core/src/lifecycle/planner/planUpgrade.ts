// upgrade: installed modules to the version discovered now (all of them with `all`), new
// dependencies installed first, version steps (migrations[v].pre/post) in order.
import semver from 'semver';
import { moduleDowngrade } from '../../errors.js';
import type { OperationRequest } from '../../hub/types.js';
import type { Snapshot } from '../../schema/index.js';
import { notInstalled } from '../lifecycleErrors.js';
import type { MigrationStepRef, ModuleStep } from '../types.js';
import { isInstalled, type PlanContext } from './planContext.js';
import { installSteps } from './planInstall.js';
import { allTables, dataPath, moduleStep } from './stepBuilder.js';

export async function planUpgrade(ctx: PlanContext, request: OperationRequest): Promise<ModuleStep[]> {
  const rows = ctx.rows;
  const targets = request.options?.all ? ctx.installedNames().filter((n) => ctx.discovered.has(n)) : request.modules;
  for (const name of targets) {
    ctx.info(name);
    if (!isInstalled(rows.get(name))) throw notInstalled(name, 'upgraded');
  }
  const graph = ctx.graph();
  // New dependencies of the new versions are installed first.
  const missing = new Set<string>();
  for (const name of targets) for (const dep of graph.dependenciesOf(name, { transitive: true })) if (!isInstalled(rows.get(dep))) missing.add(dep);
  const installs = missing.size ? await installSteps(ctx, [...missing], new Set()) : [];
  const upgrades: ModuleStep[] = [];
  for (const name of graph.order(targets)) {
    const step = await upgradeStep(ctx, name);
    if (step) upgrades.push(step);
    else if (!request.options?.all) ctx.warnings.push(`"${name}" is up to date (${rows.get(name)!.version}); nothing to upgrade`);
  }
  return [...installs, ...upgrades];
}

/** Undefined when the module is at the discovered version and its schema matches. */
async function upgradeStep(ctx: PlanContext, name: string): Promise<ModuleStep | undefined> {
  const row = ctx.rows.get(name)!;
  const loaded = await ctx.loadChecked(name);
  const def = loaded.definition;
  const to = loaded.info.version;
  if (semver.valid(to) && semver.valid(row.version) && semver.lt(to, row.version)) throw moduleDowngrade(name, row.version, to);
  const before = row.snapshot as Snapshot;
  const after = await ctx.input.snapshotOf(loaded);
  const { statements, dataLoss, down, warnings, notNullColumns } = await ctx.diff(name, before, after, def.renames);
  if (to === row.version && statements.length === 0) return undefined;
  ctx.warnings.push(...warnings);
  const migrationSteps = versionSteps(def.migrations, row.version, to);
  // A pre step runs before the DDL and may fill the rows a NOT NULL needs.
  if (!migrationSteps.some((m) => m.phase === 'pre')) await ctx.refuseNulls(name, notNullColumns);
  const keyedData = [...(def.data ?? [])];
  return moduleStep({
    name, action: 'upgrade', fromVersion: row.version, toVersion: to,
    statements, dataLoss, hooks: migrationSteps.map((s) => s.name), dataFiles: keyedData,
    backupTables: dataLoss.length ? allTables(before) : [],
  }, {
    info: loaded.info, loaded, row, before, after, down,
    dataFilePaths: keyedData.map((f) => dataPath(loaded.info.dir, f, name)), migrationSteps,
  });
}

/** The version steps after `from` up to `to`: every pre step (in version order), then every post step. */
function versionSteps(migrations: Record<string, { pre?: unknown; post?: unknown }> | undefined, from: string, to: string): MigrationStepRef[] {
  const versions = Object.keys(migrations ?? {})
    .filter((v) => semver.valid(v) && semver.gt(v, from) && semver.lte(v, to))
    .sort(semver.compare);
  const steps: MigrationStepRef[] = [];
  for (const phase of ['pre', 'post'] as const) {
    for (const v of versions) if (migrations![v]![phase]) steps.push({ version: v, phase, name: `migrations[${v}].${phase}` });
  }
  return steps;
}
