// The rows of uploaded module code in schema `hub`: hub.module_code holds each version's files by
// their tree hash, hub.uploads names the current upload of each module, hub.modules.code_sha256
// the code an installed module runs, hub.migrations.code_before/code_after the code each change ran.
import type { SqlExecutor } from '../db/types.js';

type Q = Pick<SqlExecutor, 'query'>;

export interface StoredCode {
  sha256: string;
  module: string;
  packageName: string;
  version: string;
  files: number;
  bytes: number;
}

/** The current upload of each module, with the code installed now when it is another one. */
export interface UploadRow {
  module: string;
  sha256: string;
  /** hub.modules.code_sha256 of the installed module, when installed from an upload. */
  installedSha256: string | null;
}

export async function insertCode(db: Q, code: StoredCode & { archive: Uint8Array }): Promise<void> {
  await db.query(
    `INSERT INTO hub.module_code (sha256, module, package_name, version, archive, files, bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
    [code.sha256, code.module, code.packageName, code.version, code.archive, code.files, code.bytes],
  );
}

export async function readCodeArchive(db: Q, sha256: string): Promise<(StoredCode & { archive: Uint8Array }) | undefined> {
  const rows = await db.query<Record<string, unknown>>(
    'SELECT sha256, module, package_name, version, archive, files, bytes::int AS bytes FROM hub.module_code WHERE sha256 = $1', [sha256],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    sha256: String(r.sha256), module: String(r.module), packageName: String(r.package_name), version: String(r.version),
    archive: asBytes(r.archive), files: Number(r.files), bytes: Number(r.bytes),
  };
}

export async function readUploads(db: Q): Promise<UploadRow[]> {
  const rows = await db.query<{ module: string; sha256: string; installed: string | null }>(
    `SELECT u.module, u.sha256, m.code_sha256 AS installed
       FROM hub.uploads u LEFT JOIN hub.modules m ON m.name = u.module AND m.state = 'installed'
      ORDER BY u.module`,
  );
  return rows.map((r) => ({ module: r.module, sha256: r.sha256, installedSha256: r.installed ?? null }));
}

export async function readUpload(db: Q, module: string): Promise<{ sha256: string; version: string } | undefined> {
  const rows = await db.query<{ sha256: string; version: string }>(
    'SELECT u.sha256, c.version FROM hub.uploads u JOIN hub.module_code c ON c.sha256 = u.sha256 WHERE u.module = $1', [module],
  );
  return rows[0];
}

/** Makes `sha256` the current upload of its module; answers the one it replaced. */
export async function setUpload(db: Q, module: string, sha256: string, actor: string | null): Promise<void> {
  await db.query(
    `INSERT INTO hub.uploads (module, sha256, uploaded_by) VALUES ($1, $2, $3)
     ON CONFLICT (module) DO UPDATE SET sha256 = excluded.sha256, uploaded_at = now(), uploaded_by = excluded.uploaded_by`,
    [module, sha256, actor],
  );
}

/**
 * Deletes the stored versions of a module that nothing refers to any more: not the current upload,
 * not the code an installed (or uninstalled, data kept) module row names, not in any migration.
 */
export async function deleteUnreferencedCode(db: Q, module: string): Promise<number> {
  const rows = await db.query<{ sha256: string }>(
    `DELETE FROM hub.module_code c WHERE c.module = $1
        AND NOT EXISTS (SELECT 1 FROM hub.uploads u WHERE u.sha256 = c.sha256)
        AND NOT EXISTS (SELECT 1 FROM hub.modules m WHERE m.code_sha256 = c.sha256)
        AND NOT EXISTS (SELECT 1 FROM hub.migrations g WHERE g.code_before = c.sha256 OR g.code_after = c.sha256)
      RETURNING c.sha256`,
    [module],
  );
  return rows.length;
}

export async function setModuleCode(db: Q, module: string, sha256: string | null): Promise<void> {
  await db.query('UPDATE hub.modules SET code_sha256 = $2 WHERE name = $1', [module, sha256]);
}

/** bytea as both drivers give it (Buffer, Uint8Array, or hex text "\x..."). */
function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && value.startsWith('\\x')) return Buffer.from(value.slice(2), 'hex');
  throw new Error(`unexpected bytea value of type ${typeof value}`);
}
