import type { SqlExecutor } from '../db/types.js';
import type { AuditEntry, BackupInfo, MigrationRecord } from '../hub/types.js';

/** A row of hub.modules. */
export interface ModuleRow {
  name: string;
  version: string;
  state: 'installed' | 'uninstalled';
  enabled: boolean;
  snapshot: unknown;
  manifestHash: string | null;
  /** Uploaded modules: sha256 of the code installed (hub.module_code); null for the host's own modules. */
  codeSha256?: string | null;
  installedAt: string;
  updatedAt: string;
}

/** A row of hub.migrations with what rollback needs. */
export interface MigrationRow extends MigrationRecord {
  action: string;
  /** Aligned with `down`: why each down statement loses data, or null. */
  downDataLoss: (string | null)[];
  snapshotBefore: unknown;
  snapshotAfter: unknown;
  /** Uploaded modules: the code (sha256) before and after the change; a rollback mounts codeBefore. */
  codeBefore?: string | null;
  codeAfter?: string | null;
}

export interface OwnershipRow {
  schema: string;
  table: string;
  column: string | null;
  /** For 'index', `column` holds the index name. */
  kind: 'table' | 'column' | 'index' | 'enum' | 'sequence' | 'view' | 'schema';
  module: string;
}

type Q = Pick<SqlExecutor, 'query'>;

// jsonb and timestamps are read as text: both drivers then give the same JavaScript values.
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const parse = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v);

export async function readModuleRows(db: Q): Promise<Map<string, ModuleRow>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT name, version, state, enabled, snapshot::text AS snapshot, manifest_hash, code_sha256,
            ${iso('installed_at')} AS installed_at, ${iso('updated_at')} AS updated_at
       FROM hub.modules ORDER BY name`,
  );
  return new Map(rows.map((r) => [String(r.name), {
    name: String(r.name),
    version: String(r.version),
    state: r.state as ModuleRow['state'],
    enabled: Boolean(r.enabled),
    snapshot: parse(r.snapshot),
    manifestHash: (r.manifest_hash as string | null) ?? null,
    codeSha256: (r.code_sha256 as string | null) ?? null,
    installedAt: String(r.installed_at),
    updatedAt: String(r.updated_at),
  }]));
}

export async function upsertModuleRow(db: Q, row: Omit<ModuleRow, 'installedAt' | 'updatedAt'>, resetInstalledAt: boolean): Promise<void> {
  await db.query(
    `INSERT INTO hub.modules (name, version, state, enabled, snapshot, manifest_hash)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, state = excluded.state, enabled = excluded.enabled,
       snapshot = excluded.snapshot, manifest_hash = excluded.manifest_hash, updated_at = now()
       ${resetInstalledAt ? ', installed_at = now()' : ''}`,
    [row.name, row.version, row.state, row.enabled, JSON.stringify(row.snapshot), row.manifestHash],
  );
}

export async function setModuleEnabled(db: Q, name: string, enabled: boolean): Promise<void> {
  await db.query('UPDATE hub.modules SET enabled = $2, updated_at = now() WHERE name = $1', [name, enabled]);
}

export async function deleteModuleRow(db: Q, name: string): Promise<void> {
  await db.query('DELETE FROM hub.modules WHERE name = $1', [name]);
}

export async function insertMigration(db: Q, m: {
  module: string; action: string; fromVersion: string | null; toVersion: string; up: string[]; down: string[];
  downDataLoss: (string | null)[]; snapshotBefore: unknown; snapshotAfter: unknown; checksum: string; operationId: string; actor: string | null;
  codeBefore?: string | null; codeAfter?: string | null;
}): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO hub.migrations (module, action, from_version, to_version, up, down, down_data_loss, snapshot_before, snapshot_after, checksum, operation_id, applied_by, code_before, code_after)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10, $11, $12, $13, $14)
     RETURNING id::int AS id`,
    [m.module, m.action, m.fromVersion, m.toVersion, JSON.stringify(m.up), JSON.stringify(m.down), JSON.stringify(m.downDataLoss),
      m.snapshotBefore === null ? null : JSON.stringify(m.snapshotBefore), JSON.stringify(m.snapshotAfter), m.checksum, m.operationId, m.actor,
      m.codeBefore ?? null, m.codeAfter ?? null],
  );
  return rows[0]!.id;
}

export async function markRolledBack(db: Q, id: number, actor: string | null): Promise<void> {
  await db.query('UPDATE hub.migrations SET rolled_back_at = now(), rolled_back_by = $2 WHERE id = $1', [id, actor]);
}

export async function readMigrations(db: Q, module?: string): Promise<MigrationRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id::int AS id, module, action, from_version, to_version, up::text AS up, down::text AS down,
            down_data_loss::text AS down_data_loss, snapshot_before::text AS snapshot_before, snapshot_after::text AS snapshot_after,
            checksum, ${iso('applied_at')} AS applied_at, applied_by, ${iso('rolled_back_at')} AS rolled_back_at, rolled_back_by, code_before, code_after
       FROM hub.migrations ${module ? 'WHERE module = $1' : ''} ORDER BY id`,
    module ? [module] : [],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    module: String(r.module),
    action: String(r.action),
    fromVersion: (r.from_version as string | null) ?? null,
    toVersion: String(r.to_version),
    up: parse(r.up) as string[],
    down: parse(r.down) as string[],
    downDataLoss: parse(r.down_data_loss) as (string | null)[],
    snapshotBefore: parse(r.snapshot_before),
    snapshotAfter: parse(r.snapshot_after),
    checksum: String(r.checksum),
    appliedAt: String(r.applied_at),
    appliedBy: (r.applied_by as string | null) ?? null,
    rolledBackAt: (r.rolled_back_at as string | null) ?? null,
    rolledBackBy: (r.rolled_back_by as string | null) ?? null,
    codeBefore: (r.code_before as string | null) ?? null,
    codeAfter: (r.code_after as string | null) ?? null,
  }));
}

export async function insertBackup(db: Q, b: BackupInfo): Promise<void> {
  await db.query(
    'INSERT INTO hub.backups (id, module, created_at, reason, path, tables) VALUES ($1, $2, $3::timestamptz, $4, $5, $6::text::jsonb)',
    [b.id, b.module, b.createdAt, b.reason, b.path, JSON.stringify(b.tables)],
  );
}

export async function readBackups(db: Q, module?: string): Promise<BackupInfo[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, module, ${iso('created_at')} AS created_at, reason, path, tables::text AS tables
       FROM hub.backups ${module ? 'WHERE module = $1' : ''} ORDER BY created_at, id`,
    module ? [module] : [],
  );
  return rows.map((r) => ({
    id: String(r.id), module: String(r.module), createdAt: String(r.created_at), reason: String(r.reason),
    path: String(r.path), tables: parse(r.tables) as BackupInfo['tables'],
  }));
}

/** Deletes one backup's row; answers the folder it named, or null when there was none. */
export async function deleteBackupRow(db: Q, module: string, id: string): Promise<string | null> {
  const rows = await db.query<{ path: string }>('DELETE FROM hub.backups WHERE module = $1 AND id = $2 RETURNING path', [module, id]);
  return rows[0]?.path ?? null;
}

export async function insertAudit(db: Q, a: { actor: string | null; action: string; module: string | null; ok: boolean; operationId: string; detail: unknown }): Promise<void> {
  await db.query(
    'INSERT INTO hub.audit (actor, action, module, ok, operation_id, detail) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)',
    [a.actor, a.action, a.module, a.ok, a.operationId, JSON.stringify(a.detail ?? null)],
  );
}

export async function readAudit(db: Q, query: { module?: string; action?: string; actor?: string; limit?: number; offset?: number } = {}): Promise<AuditEntry[]> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  for (const column of ['module', 'action', 'actor'] as const) {
    if (query[column]) { params.push(query[column]); conditions.push(`${column} = $${params.length}`); }
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  params.push(query.limit ?? 100, query.offset ?? 0);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id::int AS id, ${iso('at')} AS at, actor, action, module, ok, operation_id, detail::text AS detail
       FROM hub.audit ${where} ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id), at: String(r.at), actor: (r.actor as string | null) ?? null, action: String(r.action),
    module: (r.module as string | null) ?? null, ok: Boolean(r.ok), operationId: (r.operation_id as string | null) ?? null, detail: parse(r.detail),
  }));
}

export async function replaceOwnership(db: Q, module: string, rows: OwnershipRow[]): Promise<void> {
  await db.query('DELETE FROM hub.ownership WHERE module = $1', [module]);
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO hub.ownership (schema_name, table_name, column_name, kind, module)
     SELECT s, t, c, k, $2 FROM json_to_recordset($1::text::json) AS x(s text, t text, c text, k text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ s: r.schema, t: r.table, c: r.column, k: r.kind }))), module],
  );
}

export async function readOwnership(db: Q, module?: string): Promise<OwnershipRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT schema_name, table_name, column_name, kind, module FROM hub.ownership ${module ? 'WHERE module = $1' : ''}
      ORDER BY schema_name, table_name, column_name NULLS FIRST, kind`,
    module ? [module] : [],
  );
  return rows.map((r) => ({
    schema: String(r.schema_name), table: String(r.table_name), column: (r.column_name as string | null) ?? null,
    kind: r.kind as OwnershipRow['kind'], module: String(r.module),
  }));
}
