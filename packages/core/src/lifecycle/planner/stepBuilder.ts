// Builds the step objects of a plan: the printable PlannedModule and what apply needs beyond it,
// with every field a step of that kind leaves empty filled in one place.
import { isAbsolute, relative, resolve } from 'node:path';
import { HubError } from '@hub/kit';
import type { PlannedModule, PlannedStatement } from '../../hub/types.js';
import { tablesInOrder, type Snapshot } from '../../schema/index.js';
import type { ModuleStep } from '../types.js';

export type Reason = PlannedModule['reason'];

/** The PlannedModule fields a planner decides; the lists default to empty. */
export type PlannedFields = Pick<PlannedModule, 'name' | 'action'> & Partial<Omit<PlannedModule, 'name' | 'action'>>;

/** The ModuleStep fields beyond `planned`; data files none, only keyed records reloaded, no version steps. */
export type StepFields = Partial<Omit<ModuleStep, 'planned'>>;

export function moduleStep(planned: PlannedFields, fields: StepFields = {}): ModuleStep {
  const { name, action, reason = 'requested', fromVersion, toVersion, statements = [], dataLoss = [], hooks = [], dataFiles = [], backupTables = [], ...rest } = planned;
  return {
    planned: {
      name, action, reason,
      ...(fromVersion !== undefined ? { fromVersion } : {}), ...(toVersion !== undefined ? { toVersion } : {}),
      statements, dataLoss, hooks, dataFiles, backupTables, ...rest,
    },
    dataFilePaths: [], dataOnlyKeyed: true, migrationSteps: [],
    ...fields,
  };
}

/** Every table of a snapshot, qualified, referenced tables first: what a backup before a drop takes. */
export function allTables(snapshot: Snapshot): string[] {
  return tablesInOrder(snapshot).map((t) => `${t.schema}.${t.name}`);
}

/** A data file inside the module's folder (never outside it). */
export function dataPath(dir: string, file: string, module: string): string {
  const path = resolve(dir, file);
  const rel = relative(dir, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new HubError('HUB_DATA_FILE_INVALID', `Module "${module}": data file ${file} is outside the module's folder`, {
      module, status: 422, hint: 'List data files relative to the package root, e.g. "data/init.json".',
    });
  }
  return path;
}

export function isEmptySnapshot(s: Snapshot): boolean {
  return [s.tables, s.enums, s.sequences, s.views ?? {}].every((g) => Object.keys(g).length === 0);
}

/** Only what a plan prints and hashes of a statement. */
export function strip(s: PlannedStatement): PlannedStatement {
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
