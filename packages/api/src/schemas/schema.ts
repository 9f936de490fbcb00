import { z } from 'zod';
import { listOf, moduleName, timestamp } from './common.js';
import { plannedStatement } from './plans.js';

export const schemaStatusAnswer = z.object({
  module: z.string(),
  installed: z.boolean(),
  upToDate: z.boolean(),
  /** What a sync would run. */
  statements: z.array(plannedStatement),
  dataLoss: z.array(z.string()),
});

export const migrationRecord = z.object({
  id: z.number(),
  module: z.string(),
  fromVersion: z.string().nullable(),
  toVersion: z.string(),
  up: z.array(z.string()),
  down: z.array(z.string()),
  checksum: z.string(),
  appliedAt: timestamp,
  appliedBy: z.string().nullable(),
  rolledBackAt: timestamp.nullable(),
  rolledBackBy: z.string().nullable(),
});
export const migrationsAnswer = listOf(migrationRecord);

export const backupInfo = z.object({
  id: z.string(),
  module: z.string(),
  createdAt: timestamp,
  reason: z.string(),
  /** Folder of the backup on the server. */
  path: z.string(),
  tables: z.array(z.object({ table: z.string(), rows: z.number(), file: z.string() })),
});
export const backupsAnswer = listOf(backupInfo);

export const backupParams = z.object({ name: moduleName, id: z.string().min(1).max(200) });
/** One table's JSON lines instead of the whole .tar.gz. */
export const backupDownloadQuery = z.object({ table: z.string().optional() });

export type SchemaStatus = z.output<typeof schemaStatusAnswer>;
export type MigrationRecord = z.output<typeof migrationRecord>;
export type BackupInfo = z.output<typeof backupInfo>;
