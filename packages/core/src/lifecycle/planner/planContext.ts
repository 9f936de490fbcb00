// What every action's planner shares within one plan: the input (discovered modules, state rows,
// loading), the warnings gathered, and the snapshots planned so far (a module installed earlier
// in the same plan is what a later module's extensions are diffed against).
import { moduleNameProblem, readModuleConfig } from '@hub/kit';
import { moduleNameInvalid, moduleNotFound } from '../../errors.js';
import { DependencyGraph } from '../../graph/index.js';
import type { DiscoveredModule, LoadedModule, PlannedStatement } from '../../hub/types.js';
import { prepareExtensionDiff } from '../../extensions/index.js';
import { diffSnapshots, dropStatements, emptySnapshot, findNullsBlockingNotNull, nullsBlockNotNull, type ColumnRef, type Snapshot } from '../../schema/index.js';
import type { ModuleRow } from '../../state/index.js';
import { checkExternalDependencies } from '../../validation/index.js';
import type { PlanInput } from '../types.js';
import { invertRenames, isEmptySnapshot, strip } from './stepBuilder.js';

export const isInstalled = (row?: ModuleRow): row is ModuleRow => row?.state === 'installed';

/** A module's schema change: the SQL up and down, its data loss and the columns made NOT NULL. */
export interface ModuleDiff {
  statements: PlannedStatement[];
  dataLoss: string[];
  down: PlannedStatement[];
  warnings: string[];
  notNullColumns: ColumnRef[];
}

export class PlanContext {
  readonly warnings: string[] = [];
  private empty?: Snapshot;
  /** Snapshots of modules planned so far in this plan (installed ones come from the rows). */
  private readonly planned = new Map<string, Snapshot>();

  constructor(readonly input: PlanInput) {}

  get rows(): Map<string, ModuleRow> { return this.input.rows; }
  get discovered(): Map<string, DiscoveredModule> { return this.input.discovered; }

  /** The discovered module; HUB_MODULE_NAME_INVALID or HUB_MODULE_NOT_FOUND. */
  info(name: string): DiscoveredModule {
    const info = this.input.discovered.get(name);
    if (!info) {
      const problem = moduleNameProblem(name);
      throw problem ? moduleNameInvalid(name, problem) : moduleNotFound(name);
    }
    return info;
  }

  async emptySnapshot(): Promise<Snapshot> {
    return (this.empty ??= await emptySnapshot());
  }

  /** Discovered modules plus installed ones whose package is gone (they have no dependencies left). */
  graph(): DependencyGraph {
    const nodes = [...this.input.discovered.values()].map((m) => ({ name: m.name, depends: m.depends }));
    for (const row of this.input.rows.values()) if (!this.input.discovered.has(row.name)) nodes.push({ name: row.name, depends: [] });
    return DependencyGraph.fromModules(nodes);
  }

  installedNames(): string[] {
    return [...this.input.rows.values()].filter(isInstalled).map((r) => r.name);
  }

  /** Installed modules' snapshots, with those planned earlier in this plan: what extensions are diffed against. */
  snapshotsNow(): Map<string, Snapshot> {
    const out = new Map<string, Snapshot>();
    for (const row of this.input.rows.values()) if (isInstalled(row)) out.set(row.name, row.snapshot as Snapshot);
    for (const [name, snapshot] of this.planned) out.set(name, snapshot);
    return out;
  }

  /** Loads a module for install or upgrade: its external dependencies and config must be right first. */
  async loadChecked(name: string): Promise<LoadedModule> {
    const loaded = await this.input.load(name);
    const ext = loaded.definition.externalDependencies;
    if (ext) checkExternalDependencies(name, ext, loaded.info.dir);
    // Config is validated before anything is installed (HUB_MODULE_CONFIG_INVALID names the variable).
    readModuleConfig(loaded.definition, this.input.env ?? process.env);
    return loaded;
  }

  /** The schema change of `name` from `before` to `after`, and the way back. */
  async diff(name: string, before: Snapshot, after: Snapshot, renames?: Record<string, string>): Promise<ModuleDiff> {
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
   * so now. Skipped by the caller when a step of the module runs before the DDL (it may fill those rows).
   */
  async refuseNulls(name: string, columns: ColumnRef[]): Promise<void> {
    if (columns.length === 0) return;
    const found = await findNullsBlockingNotNull(this.input.db, columns);
    if (found.length) throw nullsBlockNotNull(name, found);
  }
}
