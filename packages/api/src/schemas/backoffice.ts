// The back office's routes: every backup across modules (/api/v1/backups) and each installed
// module's resolved config and switches (/api/v1/settings).
import { z } from 'zod';
import { listOf, moduleName, timestamp } from './common.js';

/** One backup as the Backups page lists it: who took it and why, rows, size on disk, its links. */
export const backupRow = z.object({
  id: z.string(),
  module: z.string(),
  createdAt: timestamp,
  /** As recorded, e.g. "uninstall (operation 3f2a...)". */
  reason: z.string(),
  /** manual, uninstall, data loss, restore, ... (from the action that took it). */
  why: z.string(),
  /** The operation that took it, when the reason names one. */
  operationId: z.string().nullable(),
  /** Email of who ran that operation (from the audit log), when known. */
  actor: z.string().nullable(),
  tables: z.array(z.object({ table: z.string(), rows: z.number() })),
  /** Rows of all its tables. */
  rows: z.number(),
  /** Size of its folder, null when the folder is not on this instance's disk. */
  bytes: z.number().nullable(),
  /** Where to download it, restore it and preview the restore. */
  links: z.object({ download: z.string(), restore: z.string(), plan: z.string() }),
});

export const allBackupsQuery = z.object({ module: moduleName.optional() });
export const allBackupsAnswer = listOf(backupRow);
/** A backup under /api/v1/backups/{module}/{id}. */
export const backupRowParams = z.object({ module: moduleName, id: z.string().min(1).max(200) });

/** One config key of a module, as MODULES__<NAME>__<KEY> resolved it (secrets masked). */
export const configKey = z.object({
  key: z.string(),
  /** The environment variable that sets it. */
  env: z.string(),
  secret: z.boolean(),
  source: z.enum(['env', 'default']),
  /** The value in force; "********" for a set secret, null when unset. */
  value: z.unknown(),
  description: z.string().nullable(),
});

export const moduleSettings = z.object({
  module: z.string(),
  version: z.string(),
  enabled: z.boolean(),
  /** MODULES__<NAME>__READ_ONLY / DRY_RUN as in force. */
  readOnly: z.boolean(),
  dryRun: z.boolean(),
  envPrefix: z.string(),
  config: z.array(configKey),
  /** Why the config (or the module's code) could not be read, else null. */
  configError: z.string().nullable(),
});
export const settingsAnswer = listOf(moduleSettings);

export type BackupRow = z.output<typeof backupRow>;
export type ConfigKey = z.output<typeof configKey>;
export type ModuleSettings = z.output<typeof moduleSettings>;
