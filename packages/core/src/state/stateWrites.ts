import type { SqlExecutor } from '../db/types.js';
import type { ModuleRow } from './stateStore.js';

type Q = Pick<SqlExecutor, 'query'>;
/** `codeSha256`: the code it runs from now on (null: the host's own); absent leaves what is recorded. */
type ModuleWrite = Omit<ModuleRow, 'installedAt' | 'updatedAt'> & { resetInstalledAt: boolean };
type MigrationWrite = {
  module: string; action: string; fromVersion: string | null; toVersion: string; up: string[]; down: string[];
  downDataLoss: (string | null)[]; snapshotBefore: unknown; snapshotAfter: unknown; checksum: string; operationId: string; actor: string | null;
  codeBefore: string | null; codeAfter: string | null;
  /** Whether code of the version before keeps working on the new schema (null: not known). */
  compatible: boolean | null;
};
type AuditWrite = { actor: string | null; action: string; module: string | null; ok: boolean; operationId: string; detail: unknown };

/**
 * Module rows, migration records and audit rows of one apply, written in one statement each when
 * flushed instead of one round trip per module: an operation on 200 modules costs what its DDL
 * costs, not 600 more round trips. Rows go in the order they were added (a function scan keeps
 * it, so ids and audit order are as before). Flush before anything in the transaction reads them.
 */
export class StateWrites {
  private modules = new Map<string, ModuleWrite>();
  private migrations: MigrationWrite[] = [];
  private audits: AuditWrite[] = [];

  module(row: Omit<ModuleRow, 'installedAt' | 'updatedAt'>, resetInstalledAt: boolean): void {
    const earlier = this.modules.get(row.name);
    this.modules.delete(row.name);
    this.modules.set(row.name, { ...row, resetInstalledAt: resetInstalledAt || (earlier?.resetInstalledAt ?? false) });
  }

  migration(m: MigrationWrite): void {
    this.migrations.push(m);
  }

  audit(a: AuditWrite): void {
    this.audits.push(a);
  }

  async flush(db: Q): Promise<void> {
    const modules = [...this.modules.values()];
    const migrations = this.migrations;
    const audits = this.audits;
    this.modules = new Map();
    this.migrations = [];
    this.audits = [];
    // Installs set installed_at anew, other changes keep it; steps that name their code set it:
    // one statement for each kind there is.
    for (const reset of [true, false]) {
      for (const withCode of [true, false]) {
        const rows = modules.filter((m) => m.resetInstalledAt === reset && (m.codeSha256 !== undefined) === withCode);
        if (rows.length === 0) continue;
        await db.query(
          `INSERT INTO hub.modules (name, version, state, enabled, snapshot, manifest_hash, code_sha256)
           SELECT x.name, x.version, x.state, x.enabled, x.snapshot, x.manifest_hash, x.code_sha256
             FROM jsonb_to_recordset($1::text::jsonb) AS x(name text, version text, state text, enabled boolean, snapshot jsonb, manifest_hash text, code_sha256 text)
           ON CONFLICT (name) DO UPDATE SET version = excluded.version, state = excluded.state, enabled = excluded.enabled,
             snapshot = excluded.snapshot, manifest_hash = excluded.manifest_hash, updated_at = now()${reset ? ', installed_at = now()' : ''}${withCode ? ', code_sha256 = excluded.code_sha256' : ''}`,
          [JSON.stringify(rows.map((m) => ({
            name: m.name, version: m.version, state: m.state, enabled: m.enabled, snapshot: m.snapshot ?? null, manifest_hash: m.manifestHash, code_sha256: m.codeSha256 ?? null,
          })))],
        );
      }
    }
    if (migrations.length) {
      await db.query(
        `INSERT INTO hub.migrations (module, action, from_version, to_version, up, down, down_data_loss, snapshot_before, snapshot_after, checksum, operation_id, applied_by,
                                     code_before, code_after, compatible)
         SELECT x.module, x.action, x.from_version, x.to_version, x.up, x.down, x.down_data_loss, x.snapshot_before, x.snapshot_after, x.checksum, x.operation_id, x.applied_by,
                x.code_before, x.code_after, x.compatible
           FROM jsonb_to_recordset($1::text::jsonb) AS x(module text, action text, from_version text, to_version text, up jsonb, down jsonb,
                down_data_loss jsonb, snapshot_before jsonb, snapshot_after jsonb, checksum text, operation_id text, applied_by text,
                code_before text, code_after text, compatible boolean)`,
        [JSON.stringify(migrations.map((m) => ({
          module: m.module, action: m.action, from_version: m.fromVersion, to_version: m.toVersion, up: m.up, down: m.down, down_data_loss: m.downDataLoss,
          snapshot_before: m.snapshotBefore, snapshot_after: m.snapshotAfter, checksum: m.checksum, operation_id: m.operationId, applied_by: m.actor,
          code_before: m.codeBefore, code_after: m.codeAfter, compatible: m.compatible,
        })))],
      );
    }
    if (audits.length) {
      await db.query(
        `INSERT INTO hub.audit (actor, action, module, ok, operation_id, detail)
         SELECT x.actor, x.action, x.module, x.ok, x.operation_id, x.detail
           FROM jsonb_to_recordset($1::text::jsonb) AS x(actor text, action text, module text, ok boolean, operation_id text, detail jsonb)`,
        [JSON.stringify(audits.map((a) => ({ actor: a.actor, action: a.action, module: a.module, ok: a.ok, operation_id: a.operationId, detail: a.detail ?? null })))],
      );
    }
  }
}
