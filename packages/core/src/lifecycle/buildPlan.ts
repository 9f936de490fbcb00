import { readModuleConfig } from '@hub/kit';
import { isAbsolute, relative, resolve } from 'node:path';
import { HubError } from '@hub/kit';
import semver from 'semver';
import { DependencyGraph, resolveInstallSet } from '../graph/index.js';
import { checkExternalDependencies } from '../validation/index.js';
import { moduleNameProblem } from '@hub/kit';
import { moduleNameInvalid, moduleNotFound, moduleDowngrade } from '../errors.js';
import type { OperationAction, OperationRequest, Plan, PlannedModule, PlannedStatement } from '../hub/types.js';
import { diffSnapshots, dropStatements, emptySnapshot, findNullsBlockingNotNull, nullsBlockNotNull, tablesInOrder, type ColumnRef, type Snapshot } from '../schema/index.js';
import { readBackups, readMigrations, type ModuleRow } from '../state/index.js';
import { backupUnmapped, followRenames, readManifest, resolveRestore, statementsSince } from '../backup/index.js';
import { extensionTablesOf, onlyExtensions, prepareExtensionDiff, primaryKeyOf, withoutExtensions } from '../extensions/index.js';
import {
  alreadyInstalled, backupMissing, baseRequired, hasDependents, notInstalled, nothingToRollback,
} from './lifecycleErrors.js';
import { planHash } from './planHash.js';
import { annotatePlan, estimatedRows } from '../lint/index.js';
import { DEFAULT_ONLINE_ROWS, splitOnline } from '../online/index.js';
import { planText } from './planText.js';
import { annotateCompatibility } from './compatibility.js';
import type { MigrationStepRef, ModuleStep, PlanInput, PreparedPlan } from './types.js';

type Reason = PlannedModule['reason'];

/** Plans an operation: which modules, in which order, with which SQL, hooks and data files. */
export async function buildPlan(input: PlanInput): Promise<PreparedPlan> {
  const request = normalizeRequest(input.request);
  const warnings: string[] = [];
  const steps: ModuleStep[] = [];
  const planner = new Planner(input, warnings);
  switch (request.action) {
    case 'install': steps.push(...(await planner.install(request))); break;
    case 'upgrade': steps.push(...(await planner.upgrade(request))); break;
    case 'uninstall': steps.push(...(await planner.uninstall(request))); break;
    case 'enable': case 'disable': steps.push(...(await planner.toggle(request))); break;
    case 'sync': steps.push(...(await planner.sync(request))); break;
    case 'rollback': steps.push(...(await planner.rollback(request))); break;
    case 'backup': steps.push(...(await planner.backup(request))); break;
    case 'restore': steps.push(...(await planner.restore(request))); break;
    default: throw new Error(`Unknown action ${String(request.action)}`);
  }
  await moveToOnlinePhase(input, steps);
  const modules = steps.map((s) => s.planned);
  const content = { action: request.action, request, modules, warnings };
  const hash = planHash(content);
  // Locks, estimates and lint come after the hash: row estimates move between plan and apply.
  await annotatePlan(input.db, modules);
  const compatible = annotateCompatibility(modules);
  const plan: Plan = { ...content, hash, ...(compatible === undefined ? {} : { compatible }), text: '' };
  plan.text = planText(plan);
  return { plan, steps };
}

/** Index builds and constraint checks on big existing tables go after the commit (see splitOnline). */
async function moveToOnlinePhase(input: PlanInput, steps: ModuleStep[]): Promise<void> {
  const threshold = input.onlineRows ?? DEFAULT_ONLINE_ROWS;
  const schemaSteps = steps.filter((s) => ['install', 'upgrade', 'sync'].includes(s.planned.action) && s.planned.statements.length);
  if (!Number.isFinite(threshold) || schemaSteps.length === 0) return;
  const named = new Set<string>();
  for (const s of schemaSteps) for (const st of s.planned.statements) for (const t of st.sql.matchAll(/"((?:[^"]|"")+)"\."((?:[^"]|"")+)"/g)) named.add(`${t[1]!.replace(/""/g, '"')}.${t[2]!.replace(/""/g, '"')}`);
  const rows = await estimatedRows(input.db, [...named]);
  for (const s of schemaSteps) {
    const { statements, online } = splitOnline(s.planned.statements, rows, threshold);
    if (online.length === 0) continue;
    s.planned.statements = statements;
    s.planned.online = online;
  }
}

function normalizeRequest(r: OperationRequest): OperationRequest {
  const options = Object.fromEntries(Object.entries(r.options ?? {}).filter(([, v]) => v !== undefined));
  return { action: r.action, modules: [...new Set(r.modules ?? [])], options };
}

const qualified = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
const installed = (row?: ModuleRow) => row?.state === 'installed';

class Planner {
  private empty?: Snapshot;
  /** Snapshots of modules planned so far in this plan (installed ones come from the rows). */
  private readonly planned = new Map<string, Snapshot>();
  constructor(private readonly input: PlanInput, private readonly warnings: string[]) {}

  private info(name: string) {
    const info = this.input.discovered.get(name);
    if (!info) {
      const problem = moduleNameProblem(name);
      throw problem ? moduleNameInvalid(name, problem) : moduleNotFound(name);
    }
    return info;
  }

  private async emptySnapshot(): Promise<Snapshot> {
    return (this.empty ??= await emptySnapshot());
  }

  private graph(): DependencyGraph {
    const nodes = [...this.input.discovered.values()].map((m) => ({ name: m.name, depends: m.depends }));
    for (const row of this.input.rows.values()) if (!this.input.discovered.has(row.name)) nodes.push({ name: row.name, depends: [] });
    return DependencyGraph.fromModules(nodes);
  }

  /** Installed modules' snapshots, with those planned earlier in this plan: what extensions are diffed against. */
  private snapshotsNow(): Map<string, Snapshot> {
    const out = new Map<string, Snapshot>();
    for (const row of this.input.rows.values()) if (installed(row)) out.set(row.name, row.snapshot as Snapshot);
    for (const [name, snapshot] of this.planned) out.set(name, snapshot);
    return out;
  }

  private installedNames(): string[] {
    return [...this.input.rows.values()].filter((r) => installed(r)).map((r) => r.name);
  }

  private async loadChecked(name: string) {
    const loaded = await this.input.load(name);
    const ext = loaded.definition.externalDependencies;
    if (ext) checkExternalDependencies(name, ext, loaded.info.dir);
    // Config is validated before anything is installed (HUB_MODULE_CONFIG_INVALID names the variable).
    readModuleConfig(loaded.definition, this.input.env ?? process.env);
    return loaded;
  }

  // --- install ---------------------------------------------------------------------------------
  async install(request: OperationRequest): Promise<ModuleStep[]> {
    const rows = this.input.rows;
    for (const name of request.modules) this.info(name);
    const wanted = request.modules.filter((n) => !installed(rows.get(n)));
    for (const name of request.modules) {
      if (installed(rows.get(name))) this.warnings.push(`"${name}" is already installed (${rows.get(name)!.version}); skipped`);
    }
    if (wanted.length === 0) {
      const first = request.modules[0];
      if (!first) return [];
      throw alreadyInstalled(first, rows.get(first)!.version);
    }
    return this.installSteps(wanted, new Set(request.modules));
  }

  /** Install steps for `names` plus their missing dependencies, base and autoInstall bridges. */
  private async installSteps(names: string[], requested: Set<string>): Promise<ModuleStep[]> {
    const discovered = this.input.discovered;
    const withBase = discovered.has('base') && !installed(this.input.rows.get('base')) && !names.includes('base');
    const set = resolveInstallSet({
      modules: [...discovered.values()],
      installed: new Set(this.installedNames()),
      requested: withBase ? ['base', ...names] : names,
      kitVersion: this.input.kitVersion,
    });
    const steps: ModuleStep[] = [];
    for (const { name, reason } of set) {
      const why: Reason = requested.has(name) ? 'requested' : name === 'base' ? 'dependency' : (reason as Reason) === 'requested' ? 'dependency' : (reason as Reason);
      steps.push(await this.installStep(name, why));
    }
    return steps;
  }

  private async installStep(name: string, reason: Reason): Promise<ModuleStep> {
    const loaded = await this.loadChecked(name);
    const row = this.input.rows.get(name);
    const def = loaded.definition;
    const before = row ? (row.snapshot as Snapshot) : await this.emptySnapshot();
    const after = await this.input.snapshotOf(loaded);
    const { statements, dataLoss, down, warnings, notNullColumns } = await this.diff(name, before, after, def.renames);
    this.warnings.push(...warnings);
    if (!def.hooks?.preInit) await this.refuseNulls(name, notNullColumns);
    const hooks = [def.hooks?.preInit && 'preInit', def.hooks?.postInit && 'postInit'].filter(Boolean) as string[];
    const dataFiles = [...(def.data ?? [])];
    return {
      planned: {
        name, action: 'install', reason,
        ...(row ? { fromVersion: row.version } : {}), toVersion: loaded.info.version,
        statements, dataLoss, hooks, dataFiles,
        backupTables: dataLoss.length ? tablesInOrder(before).map(qualified) : [],
      },
      info: loaded.info, loaded, row, before, after, down,
      dataFilePaths: dataFiles.map((f) => dataPath(loaded.info.dir, f, name)),
      dataOnlyKeyed: row !== undefined,
      migrationSteps: [],
    };
  }

  private async diff(name: string, before: Snapshot, after: Snapshot, renames?: Record<string, string>) {
    const diff = this.input.diff ?? diffSnapshots;
    // Tables this module extends are diffed on the owner's table (see prepareExtensionDiff).
    let dependencies: Set<string>;
    try { dependencies = new Set(this.graph().dependenciesOf(name, { transitive: true })); } catch { dependencies = new Set(); }
    const { previous, current } = prepareExtensionDiff(name, before, after, { installed: this.snapshotsNow(), dependencies });
    this.planned.set(name, after);
    const up = await diff({ previous, current, renames, moduleName: name });
    let down: PlannedStatement[] = [];
    if (up.statements.length) {
      // From nothing, the way back is dropping everything: no second diff needed.
      down = isEmptySnapshot(before)
        ? dropStatements(after, { dropSchema: name }).map(strip)
        : (await diff({ previous: current, current: previous, renames: invertRenames(renames), moduleName: name })).statements.map(strip);
    }
    const notNullColumns = up.statements.flatMap((s) => (s.requiresNoNulls ? [s.requiresNoNulls] : []));
    return { statements: up.statements.map(strip), dataLoss: up.dataLoss, down, warnings: up.warnings.map((w) => `${name}: ${w}`), notNullColumns };
  }

  /**
   * A NOT NULL (or identity) on an existing column whose rows hold NULL would fail at apply: say
   * so now. Skipped when a step of the module runs before the DDL (it may fill those rows).
   */
  private async refuseNulls(name: string, columns: ColumnRef[]): Promise<void> {
    if (columns.length === 0) return;
    const found = await findNullsBlockingNotNull(this.input.db, columns);
    if (found.length) throw nullsBlockNotNull(name, found);
  }

  // --- upgrade ---------------------------------------------------------------------------------
  async upgrade(request: OperationRequest): Promise<ModuleStep[]> {
    const rows = this.input.rows;
    let targets = request.modules;
    if (request.options?.all) {
      targets = this.installedNames().filter((n) => this.input.discovered.has(n));
    }
    for (const name of targets) {
      this.info(name);
      if (!installed(rows.get(name))) throw notInstalled(name, 'upgraded');
    }
    const graph = this.graph();
    // New dependencies of the new versions are installed first.
    const missing = new Set<string>();
    for (const name of targets) for (const dep of graph.dependenciesOf(name, { transitive: true })) if (!installed(rows.get(dep))) missing.add(dep);
    const installs = missing.size ? await this.installSteps([...missing], new Set()) : [];
    const upgrades: ModuleStep[] = [];
    for (const name of graph.order(targets)) {
      const step = await this.upgradeStep(name);
      if (step) upgrades.push(step);
      else if (!request.options?.all) this.warnings.push(`"${name}" is up to date (${rows.get(name)!.version}); nothing to upgrade`);
    }
    return [...installs, ...upgrades];
  }

  private async upgradeStep(name: string): Promise<ModuleStep | undefined> {
    const row = this.input.rows.get(name)!;
    const loaded = await this.loadChecked(name);
    const def = loaded.definition;
    const to = loaded.info.version;
    if (semver.valid(to) && semver.valid(row.version) && semver.lt(to, row.version)) throw moduleDowngrade(name, row.version, to);
    const before = row.snapshot as Snapshot;
    const after = await this.input.snapshotOf(loaded);
    const { statements, dataLoss, down, warnings, notNullColumns } = await this.diff(name, before, after, def.renames);
    if (to === row.version && statements.length === 0) return undefined;
    this.warnings.push(...warnings);
    const migrationSteps: MigrationStepRef[] = [];
    const versions = Object.keys(def.migrations ?? {})
      .filter((v) => semver.valid(v) && semver.gt(v, row.version) && semver.lte(v, to))
      .sort(semver.compare);
    for (const phase of ['pre', 'post'] as const) {
      for (const v of versions) if (def.migrations![v]![phase]) migrationSteps.push({ version: v, phase, name: `migrations[${v}].${phase}` });
    }
    if (!migrationSteps.some((m) => m.phase === 'pre')) await this.refuseNulls(name, notNullColumns);
    const keyedData = [...(def.data ?? [])];
    return {
      planned: {
        name, action: 'upgrade', reason: 'requested', fromVersion: row.version, toVersion: to,
        statements, dataLoss, hooks: migrationSteps.map((s) => s.name), dataFiles: keyedData,
        backupTables: dataLoss.length ? tablesInOrder(before).map(qualified) : [],
      },
      info: loaded.info, loaded, row, before, after, down,
      dataFilePaths: keyedData.map((f) => dataPath(loaded.info.dir, f, name)), dataOnlyKeyed: true, migrationSteps,
    };
  }

  // --- sync ------------------------------------------------------------------------------------
  async sync(request: OperationRequest): Promise<ModuleStep[]> {
    const steps: ModuleStep[] = [];
    for (const name of request.modules) {
      const row = this.input.rows.get(name);
      this.info(name);
      if (!installed(row)) throw notInstalled(name, 'synced');
      const loaded = await this.input.load(name);
      const before = row!.snapshot as Snapshot;
      const after = await this.input.snapshotOf(loaded);
      const renames = request.options?.renames ? { ...loaded.definition.renames, ...request.options.renames } : loaded.definition.renames;
      const { statements, dataLoss, down, warnings, notNullColumns } = await this.diff(name, before, after, renames);
      this.warnings.push(...warnings);
      await this.refuseNulls(name, notNullColumns);
      const dataFiles = request.options?.reapplyData ? [...(loaded.definition.data ?? [])] : [];
      if (statements.length === 0 && dataFiles.length === 0) { this.warnings.push(`"${name}": the database schema already matches the code`); continue; }
      steps.push({
        planned: {
          name, action: 'sync', reason: 'requested', fromVersion: row!.version, toVersion: row!.version,
          statements, dataLoss, hooks: [], dataFiles,
          backupTables: dataLoss.length && request.options?.backup !== false ? tablesInOrder(before).map(qualified) : [],
        },
        info: loaded.info, loaded, row, before, after, down,
        dataFilePaths: dataFiles.map((f) => dataPath(loaded.info.dir, f, name)), dataOnlyKeyed: true, migrationSteps: [],
      });
    }
    return steps;
  }

  // --- uninstall -------------------------------------------------------------------------------
  async uninstall(request: OperationRequest): Promise<ModuleStep[]> {
    const rows = this.input.rows;
    const opts = request.options ?? {};
    for (const name of request.modules) {
      if (name === 'base') throw baseRequired('uninstalled');
      if (!installed(rows.get(name))) {
        if (!rows.has(name)) this.info(name);
        throw notInstalled(name, 'uninstalled');
      }
    }
    const graph = this.graph();
    const targets = new Set(request.modules);
    const dependents = new Set<string>();
    for (const name of targets) {
      const found = graph.dependentsOf(name, { transitive: true }).filter((d) => installed(rows.get(d)) && !targets.has(d));
      // autoInstall bridges came with their dependencies and go with them, cascade or not.
      const bridgesOnly = found.every((d) => this.input.discovered.get(d)?.autoInstall);
      if (found.length && !opts.cascade && !bridgesOnly) throw hasDependents(name, found.filter((d) => !this.input.discovered.get(d)?.autoInstall));
      if (found.length && !opts.cascade) this.warnings.push(`autoInstall module(s) ${found.join(', ')} go with "${name}"`);
      for (const d of found) dependents.add(d);
    }
    if (dependents.has('base')) throw baseRequired('uninstalled');
    const order = graph.order([...targets, ...dependents]).reverse();
    const steps: ModuleStep[] = [];
    for (const name of order) {
      const row = rows.get(name)!;
      let loaded;
      try { loaded = await this.input.load(name); } catch (error) {
        this.warnings.push(`"${name}": its code cannot be loaded, its uninstall hook (if any) will not run: ${(error as Error).message}`);
      }
      const before = row.snapshot as Snapshot;
      // Columns added to other modules' tables always go (after a backup): the owner's table stays.
      const extensions = extensionTablesOf(name, before);
      const statements = opts.dropTables
        ? dropStatements(before, { dropSchema: name }).map(strip)
        : extensions.length ? dropStatements(onlyExtensions(name, before), { ownSchema: name }).map(strip) : [];
      const dataLoss = statements.flatMap((s) => (s.dataLoss ? [s.dataLoss] : []));
      const now = this.snapshotsNow();
      const columnBackups = opts.backup === false ? [] : extensions.map(([key, t]) => ({
        schema: t.schema, table: t.name, columns: Object.keys(t.columns),
        key: primaryKeyOf(now.get(t.schema)?.tables[key] ?? t),
      }));
      if (extensions.length) {
        this.warnings.push(`"${name}": its columns ${extensions.flatMap(([key, t]) => Object.keys(t.columns).map((c) => `${key}.${c}`)).join(', ')} are dropped${columnBackups.length ? ' after a backup' : ''}`);
      }
      steps.push({
        planned: {
          name, action: 'uninstall', reason: targets.has(name) ? 'requested' : 'dependent', fromVersion: row.version,
          statements, dataLoss, hooks: loaded?.definition.hooks?.uninstall ? ['uninstall'] : [], dataFiles: [],
          backupTables: opts.dropTables && opts.backup !== false ? tablesInOrder(withoutExtensions(name, before)).map(qualified) : [],
        },
        info: loaded?.info, loaded, row, before, after: opts.dropTables ? await this.emptySnapshot() : extensions.length ? withoutExtensions(name, before) : before,
        dataFilePaths: [], dataOnlyKeyed: true, migrationSteps: [], ...(columnBackups.length ? { columnBackups } : {}),
      });
    }
    if (!opts.dropTables) this.warnings.push('Tables and data are kept (uninstall without dropTables); a reinstall reuses them.');
    return steps;
  }

  // --- enable / disable ------------------------------------------------------------------------
  async toggle(request: OperationRequest): Promise<ModuleStep[]> {
    const enable = request.action === 'enable';
    const steps: ModuleStep[] = [];
    const graph = this.graph();
    for (const name of request.modules) {
      const row = this.input.rows.get(name);
      if (!enable && name === 'base') throw baseRequired('disabled');
      if (!installed(row)) { if (!row) this.info(name); throw notInstalled(name, enable ? 'enabled' : 'disabled'); }
      if (row!.enabled === enable) { this.warnings.push(`"${name}" is already ${enable ? 'enabled' : 'disabled'}`); continue; }
      if (!enable) {
        const on = graph.dependentsOf(name, { transitive: true }).filter((d) => this.input.rows.get(d)?.enabled && installed(this.input.rows.get(d)));
        if (on.length) this.warnings.push(`"${name}" is used by enabled module(s) ${on.join(', ')}: their calls to it will fail while it is disabled`);
      } else {
        const off = graph.dependenciesOf(name, { transitive: true }).filter((d) => this.input.rows.get(d) && !this.input.rows.get(d)!.enabled);
        if (off.length) this.warnings.push(`"${name}" depends on disabled module(s) ${off.join(', ')}`);
      }
      steps.push(this.stateOnly(name, request.action, row!));
    }
    return steps;
  }

  private stateOnly(name: string, action: OperationAction, row: ModuleRow, backupTables: string[] = []): ModuleStep {
    return {
      planned: { name, action, reason: 'requested', fromVersion: row.version, toVersion: row.version, statements: [], dataLoss: [], hooks: [], dataFiles: [], backupTables },
      row, dataFilePaths: [], dataOnlyKeyed: true, migrationSteps: [],
    };
  }

  // --- rollback --------------------------------------------------------------------------------
  async rollback(request: OperationRequest): Promise<ModuleStep[]> {
    const steps: ModuleStep[] = [];
    for (const name of request.modules) {
      const row = this.input.rows.get(name);
      if (!installed(row)) { if (!row) this.info(name); throw notInstalled(name, 'rolled back'); }
      const last = (await readMigrations(this.input.db, name)).filter((m) => !m.rolledBackAt).at(-1);
      if (!last) throw nothingToRollback(name);
      if (last.fromVersion === null) {
        if (name === 'base') throw baseRequired('rolled back to nothing');
        const deps = this.graph().dependentsOf(name, { transitive: true }).filter((d) => installed(this.input.rows.get(d)));
        if (deps.length) throw hasDependents(name, deps);
      }
      const statements: PlannedStatement[] = last.down.map((sql, i) => (last.downDataLoss[i] ? { sql, dataLoss: last.downDataLoss[i]! } : { sql }));
      const dataLoss = statements.flatMap((s) => (s.dataLoss ? [s.dataLoss] : []));
      const before = row!.snapshot as Snapshot;
      steps.push({
        planned: {
          name, action: 'rollback', reason: 'requested', fromVersion: row!.version,
          ...(last.fromVersion ? { toVersion: last.fromVersion } : {}),
          statements, dataLoss, hooks: [], dataFiles: [],
          backupTables: dataLoss.length && request.options?.backup !== false ? tablesInOrder(before).map(qualified) : [],
        },
        row, before, after: (last.snapshotBefore as Snapshot | null) ?? (await this.emptySnapshot()),
        rollbackOf: last, dataFilePaths: [], dataOnlyKeyed: true, migrationSteps: [],
      });
      this.warnings.push(`"${name}": rolls back migration #${last.id} (${last.fromVersion ?? 'nothing'} -> ${last.toVersion}, applied ${last.appliedAt})`);
    }
    return steps;
  }

  // --- backup / restore ------------------------------------------------------------------------
  async backup(request: OperationRequest): Promise<ModuleStep[]> {
    return request.modules.map((name) => {
      const row = this.input.rows.get(name);
      if (!row) { this.info(name); throw notInstalled(name, 'backed up'); }
      const tables = tablesInOrder(row.snapshot as Snapshot).map(qualified);
      if (tables.length === 0) this.warnings.push(`"${name}" has no tables`);
      return this.stateOnly(name, 'backup', row, tables);
    });
  }

  async restore(request: OperationRequest): Promise<ModuleStep[]> {
    const steps: ModuleStep[] = [];
    for (const name of request.modules) {
      const row = this.input.rows.get(name);
      if (!row) { this.info(name); throw notInstalled(name, 'restored'); }
      const all = await readBackups(this.input.db, name);
      const id = request.options?.backupId;
      const backup = id ? all.find((b) => b.id === id) : all.at(-1);
      if (!backup) throw backupMissing(name, id);
      const step = this.stateOnly(name, 'restore', row);
      step.backup = backup;
      step.planned.dataLoss = [];
      steps.push(step);
      this.warnings.push(`"${name}": restore replaces the rows of ${backup.tables.map((t) => t.table).join(', ')} with backup ${backup.id} (${backup.createdAt})`);
      await this.mapRestore(name, step, request.options?.acceptUnmapped === true);
    }
    return steps;
  }

  /**
   * A table backup taken at an older (or newer) schema: follows its tables and columns through the
   * renames recorded since, and refuses (HUB_BACKUP_UNMAPPED, naming them) what has no place now,
   * unless accepted. Extension-column backups go back by key (restoreColumns) and are left alone.
   */
  private async mapRestore(name: string, step: ModuleStep, acceptUnmapped: boolean): Promise<void> {
    const manifest = await readManifest(step.backup!.path).catch(() => undefined);
    if (!manifest || manifest.tables.some((t) => (t as { kind?: string }).kind === 'columns')) return;
    const mapping = manifest.schemaState
      ? followRenames(manifest.tables, statementsSince(manifest.schemaState, await readMigrations(this.input.db, name)))
      : undefined;
    if (mapping) step.restoreMapping = mapping;
    const { targets, unmapped } = await resolveRestore(this.input.db, manifest.tables, mapping);
    for (const t of targets) {
      const moves = t.pairs.filter((p) => p.from !== p.to).map((p) => `${p.from} -> ${p.to}`);
      const table = `${t.target.schema}.${t.target.name}`;
      if (table !== t.entry.table || moves.length) {
        this.warnings.push(`"${name}": ${t.entry.table} goes to ${table}${moves.length ? ` (columns ${moves.join(', ')})` : ''}, following the renames since the backup`);
      }
    }
    if (unmapped.length && !acceptUnmapped) throw backupUnmapped(manifest.id, unmapped, name);
    if (unmapped.length) this.warnings.push(`"${name}": left out (acceptUnmapped): ${unmapped.join(', ')}`);
  }
}

/** A data file inside the module's folder (never outside it). */
function dataPath(dir: string, file: string, module: string): string {
  const path = resolve(dir, file);
  const rel = relative(dir, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new HubError('HUB_DATA_FILE_INVALID', `Module "${module}": data file ${file} is outside the module's folder`, {
      module, status: 422, hint: 'List data files relative to the package root, e.g. "data/init.json".',
    });
  }
  return path;
}

function isEmptySnapshot(s: Snapshot): boolean {
  return [s.tables, s.enums, s.sequences, s.views ?? {}].every((g) => Object.keys(g).length === 0);
}

function strip(s: PlannedStatement): PlannedStatement {
  return { sql: s.sql, ...(s.dataLoss ? { dataLoss: s.dataLoss } : {}), ...(s.concurrently ? { concurrently: true } : {}) };
}

/** 'table.old' -> 'new' becomes 'table.new' -> 'old'; 'oldTable' -> 'newTable' becomes the reverse. */
export function invertRenames(renames?: Record<string, string>): Record<string, string> | undefined {
  if (!renames) return undefined;
  const out: Record<string, string> = {};
  for (const [from, to] of Object.entries(renames)) {
    const dot = from.lastIndexOf('.');
    if (dot === -1) out[to] = from;
    else out[`${from.slice(0, dot)}.${to}`] = from.slice(dot + 1);
  }
  return out;
}
