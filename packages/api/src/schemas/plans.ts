import { z } from 'zod';
import { flag } from './common.js';

export const operationAction = z.enum(['install', 'upgrade', 'uninstall', 'enable', 'disable', 'sync', 'rollback', 'backup', 'restore']);
/** Actions GET /modules/{name}/plan previews. */
export const plannableAction = z.enum(['install', 'upgrade', 'uninstall', 'enable', 'disable', 'sync']);

export const operationOptions = z.object({
  dropTables: z.boolean().optional(),
  cascade: z.boolean().optional(),
  backup: z.boolean().optional(),
  acceptDataLoss: z.boolean().optional(),
  backupId: z.string().optional(),
  /** restore: leave out backed-up columns and tables the schema has no place for. */
  acceptUnmapped: z.boolean().optional(),
  all: z.boolean().optional(),
  /** sync: load the module's data files again. */
  reapplyData: z.boolean().optional(),
  /** sync: rename hints on top of the module's own. */
  renames: z.record(z.string(), z.string()).optional(),
});

export const operationRequest = z.object({ action: operationAction, modules: z.array(z.string()), options: operationOptions.optional() });

export const plannedStatement = z.object({
  sql: z.string(),
  /** Why this statement loses data, when it does. */
  dataLoss: z.string().optional(),
  /** The existing table (schema.table) it locks; absent for tables the plan creates. */
  table: z.string().optional(),
  /** The lock it takes on that table. */
  lock: z.enum(['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'ACCESS EXCLUSIVE']).optional(),
  /** What it does to the table's rows under the lock. */
  work: z.enum(['none', 'scan', 'rewrite', 'index build']).optional(),
  /** The table's estimated rows when planned. */
  rows: z.number().optional(),
  /** Migration lint: what is unsafe and the safe alternative. */
  lint: z.array(z.object({ rule: z.string(), message: z.string(), safe: z.string() })).optional(),
});

/**
 * Upgrade and sync steps: compatible means additive only (code of the version before keeps working
 * on the new schema, as in expand/contract); breaking means instances still running it answer 503
 * HUB_MODULE_VERSION_SKEW for the module until they run the new code.
 */
export const compatibility = z.object({
  compatible: z.boolean(),
  /** The statements that make it breaking, and why (empty when compatible). */
  breaking: z.array(z.object({ sql: z.string(), reason: z.string() })),
});

export const plannedModule = z.object({
  name: z.string(),
  action: operationAction,
  reason: z.enum(['requested', 'dependency', 'autoInstall', 'dependent']),
  fromVersion: z.string().optional(),
  toVersion: z.string().optional(),
  statements: z.array(plannedStatement),
  dataLoss: z.array(z.string()),
  hooks: z.array(z.string()),
  dataFiles: z.array(z.string()),
  backupTables: z.array(z.string()),
  /** Statements run after the commit, online (big tables). */
  online: z.array(plannedStatement).optional(),
  /** What the module's database role will be allowed, one line each. */
  access: z.array(z.string()).optional(),
  compatibility: compatibility.optional(),
  /** Its PostgreSQL extensions: created before its DDL, in the database already, dropped or kept (with why). */
  extensions: z.array(z.object({
    name: z.string(),
    action: z.enum(['create', 'present', 'drop', 'keep']),
    version: z.string().optional(),
    reason: z.string().optional(),
    sql: z.string().optional(),
  })).optional(),
});

export const plan = z.object({
  action: operationAction,
  request: operationRequest,
  /** In the order they are applied. */
  modules: z.array(plannedModule),
  warnings: z.array(z.string()),
  /** sha256 of the plan's content; give it (or its first 12 characters, as the text prints) as plan_hash. */
  hash: z.string(),
  /** Whether every upgrade and sync step is compatible (absent when the plan has none). */
  compatible: z.boolean().optional(),
  /** Printable form. */
  text: z.string(),
});

export const planQuery = z.object({
  action: plannableAction.default('install'),
  drop_tables: flag, cascade: flag, backup: flag, accept_data_loss: flag,
});

/** Options of lifecycle requests, accepted in the query string or the JSON body (the body wins). */
export const lifecycleOptions = z.object({
  /** Answer at once with 202 and the operation id. */
  async: flag,
  /** The plan's hash (from GET /modules/{name}/plan): refuses with 409 if the plan changed since. */
  plan_hash: z.string().trim().min(12, 'give at least the 12 characters the plan prints').max(64).optional(),
  accept_data_loss: flag,
  drop_tables: flag,
  cascade: flag,
  backup: flag,
  /** restore: leave out backed-up columns and tables the schema has no place for. */
  accept_unmapped: flag,
}).strict();

export type OperationAction = z.output<typeof operationAction>;
export type PlannableAction = z.output<typeof plannableAction>;
export type OperationRequest = z.output<typeof operationRequest>;
export type PlannedStatement = z.output<typeof plannedStatement>;
export type PlannedModule = z.output<typeof plannedModule>;
export type Plan = z.output<typeof plan>;
export type Compatibility = z.output<typeof compatibility>;
export type LifecycleOptions = z.input<typeof lifecycleOptions>;
