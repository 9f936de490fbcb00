import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Database, SqlExecutor } from '../db/types.js';
import { splitLines } from '../db/lines.js';
import { backupInvalid } from '../errors.js';
import { backupUnmapped, restoreReferenced } from './backupErrors.js';
import { fileFormat, readManifest, type BackupManifest, type BackupTableEntry } from './manifest.js';
import type { TableMapping } from './restoreMapping.js';
import { qualified, quoteIdent, tableKey, toTableRef, type TableRef } from './sql.js';
import { primaryKeyColumns, tableColumns, tableSequences } from './tableInfo.js';

export interface RestoreOptions {
  /** Only these tables ("schema.table" or refs); default every table of the backup. */
  tables?: readonly (string | TableRef)[];
  /** TRUNCATE the restored tables first (one statement, so foreign keys between them are fine). */
  truncate?: boolean;
  /** With truncate: TRUNCATE ... CASCADE, which also empties tables (of other modules) that reference them. */
  cascade?: boolean;
  /**
   * Replace the rows in place, without TRUNCATE: rows of the backup are upserted by primary key
   * (referenced tables first), then rows that are not in the backup are deleted (referencing tables
   * first). Rows of other tables that reference kept rows stay valid; a table added since that
   * references a restored one does not block the restore. Without a primary key a table is
   * emptied with DELETE and refilled.
   */
  replace?: boolean;
  /** Where backed-up tables and columns are now (see followRenames); default the same names. */
  mapping?: ReadonlyMap<string, TableMapping>;
  /** Leave out backed-up columns and tables that have no place in the current schema instead of refusing (HUB_BACKUP_UNMAPPED). */
  acceptUnmapped?: boolean;
  /** Module named in errors. */
  module?: string;
  /** Rows per INSERT of a JSON-lines file (default 5000; batches are also cut at ~8 MB). */
  batchRows?: number;
}

export interface RestoreResult {
  tables: { table: string; rows: number }[];
  /** Backed-up columns (schema.table.column) or tables left out with acceptUnmapped. */
  skipped: string[];
}

/** One backed-up table and where its columns go. */
export interface RestoreTarget {
  entry: BackupTableEntry;
  target: TableRef;
  /** Backed-up column -> current column, for the columns that are written. */
  pairs: { from: string; to: string }[];
}

const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Restores a backup folder written by backupTables, exactly. Each table's file is loaded into a
 * temporary table typed like the current columns (COPY for the COPY-format files; for JSON lines,
 * json_populate_recordset from the raw lines, never parsed in JavaScript), then written to the
 * table in one statement, tables in foreign-key order; serial/identity sequences are then set to
 * the column's max. Columns go where `mapping` says (renames since the backup); a backed-up
 * column or table with no place now is refused (HUB_BACKUP_UNMAPPED) unless acceptUnmapped.
 * Generated columns are recomputed. On a Database it runs in its own transaction; on a
 * transaction it joins it.
 */
export async function restoreTables(db: SqlExecutor, backupDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const manifest = await readManifest(backupDir);
  const entries = selectEntries(manifest, backupDir, options.tables);
  const run = (tx: SqlExecutor) => restoreIn(tx, backupDir, manifest, entries, options);
  return isDatabase(db) ? db.transaction(run) : run(db);
}

function isDatabase(db: SqlExecutor): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
}

function selectEntries(manifest: BackupManifest, backupDir: string, tables?: readonly (string | TableRef)[]): BackupTableEntry[] {
  if (!tables) return manifest.tables;
  const wanted = new Set(tables.map((t) => tableKey(toTableRef(t))));
  const unknown = [...wanted].filter((w) => !manifest.tables.some((e) => e.table === w));
  if (unknown.length > 0) throw backupInvalid(backupDir, `it has no table ${unknown.join(', ')}`);
  return manifest.tables.filter((e) => wanted.has(e.table));
}

/**
 * Where each backed-up table goes in the current database, and what has no place there
 * (schema.table.column, or "schema.table (table)"). Read-only: plans call it too.
 */
export async function resolveRestore(db: Pick<SqlExecutor, 'query'>, entries: readonly BackupTableEntry[], mapping?: ReadonlyMap<string, TableMapping>): Promise<{ targets: RestoreTarget[]; unmapped: string[] }> {
  const targets: RestoreTarget[] = [];
  const unmapped: string[] = [];
  for (const entry of entries) {
    const m = mapping?.get(entry.table);
    const target = m?.table ?? { schema: entry.schema, name: entry.name };
    const [exists] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [qualified(target)]);
    if (!exists?.ok) { unmapped.push(`${entry.table} (table)`); continue; }
    const live = new Map((await tableColumns(db, target)).map((c) => [c.name, c]));
    const moved = (name: string) => m?.columns.get(name) ?? { name, dropped: false };
    // Names that a backed-up column reaches by rename: a dropped column cannot take them.
    const claimed = new Set(entry.columns.map((c) => moved(c.name)).filter((c) => !c.dropped).map((c) => c.name));
    const pairs: RestoreTarget['pairs'] = [];
    for (const column of entry.columns) {
      const now = moved(column.name);
      const current = live.get(now.name);
      if (!current || (now.dropped && claimed.has(now.name))) {
        unmapped.push(`${entry.table}.${column.name}${now.name !== column.name ? ` (renamed to ${now.name})` : ''}`);
      } else if (!current.generated) {
        pairs.push({ from: column.name, to: now.name });
      }
    }
    targets.push({ entry, target, pairs });
  }
  return { targets, unmapped };
}

async function restoreIn(db: SqlExecutor, backupDir: string, manifest: BackupManifest, entries: BackupTableEntry[], options: RestoreOptions): Promise<RestoreResult> {
  const { targets, unmapped } = await resolveRestore(db, entries, options.mapping);
  if (unmapped.length && !options.acceptUnmapped) throw backupUnmapped(manifest.id, unmapped, options.module ?? manifest.module);
  for (const t of targets) {
    if (t.pairs.length === 0) throw backupInvalid(backupDir, `table ${t.entry.table} has none of the backed-up columns`);
  }
  if (options.truncate && !options.replace && targets.length > 0) {
    await db.exec(`TRUNCATE ${targets.map((t) => qualified(t.target)).join(', ')}${options.cascade ? ' CASCADE' : ''}`);
  }
  const staged: { t: RestoreTarget; stage: string; pk: string[] }[] = [];
  const result: RestoreResult = { tables: [], skipped: unmapped };
  try {
    for (const t of targets) {
      const stage = await stageTable(db, backupDir, t, options.batchRows ?? 5000);
      staged.push({ t, stage, pk: options.replace ? await primaryKeyColumns(db, t.target) : [] });
      result.tables.push({ table: t.entry.table, rows: t.entry.rows });
    }
    // Referenced tables first: a row's new parent exists before the row is written.
    const filledEmpty = new Set<RestoreTarget>();
    for (const s of staged) if (await writeRows(db, s.t, s.stage, s.pk, options)) filledEmpty.add(s.t);
    // Referencing tables first: a row leaves after the rows that pointed at it.
    if (options.replace) {
      for (const s of [...staged].reverse()) if (!filledEmpty.has(s.t)) await deleteOthers(db, s.t, s.stage, s.pk, options.module ?? manifest.module);
    }
    for (const { t } of staged) {
      for (const { column, sequence } of await tableSequences(db, t.target)) {
        await db.query(`SELECT setval($1::regclass, m) FROM (SELECT max(${quoteIdent(column)}) AS m FROM ${qualified(t.target)}) x WHERE m IS NOT NULL`, [sequence]);
      }
    }
  } finally {
    for (const s of staged) await db.exec(`DROP TABLE IF EXISTS ${s.stage}`).catch(() => {});
  }
  return result;
}

/**
 * A temporary table with one column per column of the file, typed like the current column it
 * goes to (text for those left out), filled from the file. Returns its quoted name.
 */
async function stageTable(db: SqlExecutor, backupDir: string, t: RestoreTarget, batchRows: number): Promise<string> {
  const stage = quoteIdent(`hub_restore_${randomBytes(6).toString('hex')}`);
  const to = new Map(t.pairs.map((p) => [p.from, p.to]));
  const select = t.entry.columns.map((c) => (to.has(c.name) ? `t.${quoteIdent(to.get(c.name)!)} AS ${quoteIdent(c.name)}` : `NULL::text AS ${quoteIdent(c.name)}`));
  await db.exec(`CREATE TEMP TABLE ${stage} AS SELECT ${select.join(', ')} FROM ${qualified(t.target)} t WITH NO DATA`);
  const file = join(backupDir, t.entry.file);
  let rows: number;
  if (fileFormat(t.entry) === 'copy') {
    await db.copyIn(`COPY ${stage} FROM STDIN`, createReadStream(file) as AsyncIterable<Uint8Array>);
    const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${stage}`);
    rows = Number(count?.n ?? 0);
  } else {
    rows = await stageJsonLines(db, stage, file, batchRows);
  }
  if (rows !== t.entry.rows) throw backupInvalid(backupDir, `${t.entry.file} holds ${rows} rows, the manifest says ${t.entry.rows}`);
  return stage;
}

async function stageJsonLines(db: SqlExecutor, stage: string, file: string, batchRows: number): Promise<number> {
  const insert = `INSERT INTO ${stage} SELECT * FROM json_populate_recordset(null::${stage}, $1::json)`;
  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.query(insert, [`[${batch.join(',')}]`]);
    rows += batch.length;
    batch = [];
    bytes = 0;
  };
  for await (const line of splitLines(createReadStream(file))) {
    if (line.length === 0) continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= batchRows || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return rows;
}

/** Writes the staged rows: one INSERT ... SELECT (upsert by primary key in replace mode). True when the table was empty. */
async function writeRows(db: SqlExecutor, t: RestoreTarget, stage: string, pk: string[], options: RestoreOptions): Promise<boolean> {
  const target = qualified(t.target);
  const into = t.pairs.map((p) => quoteIdent(p.to)).join(', ');
  const from = t.pairs.map((p) => quoteIdent(p.from)).join(', ');
  let conflict = '';
  // An empty table (restore after a drop and recreate) takes a plain INSERT: nothing to match.
  const [empty] = options.replace ? await db.query<{ e: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${target}) AS e`) : [];
  if (options.replace && !(empty?.e === true || (empty?.e as unknown) === 't')) {
    const written = new Set(t.pairs.map((p) => p.to));
    if (pk.length > 0 && pk.every((c) => written.has(c))) {
      const always = new Set((await tableColumns(db, t.target)).filter((c) => c.identityAlways).map((c) => c.name));
      const set = t.pairs.filter((p) => !pk.includes(p.to) && !always.has(p.to)).map((p) => `${quoteIdent(p.to)} = EXCLUDED.${quoteIdent(p.to)}`);
      conflict = ` ON CONFLICT (${pk.map(quoteIdent).join(', ')}) DO ${set.length ? `UPDATE SET ${set.join(', ')}` : 'NOTHING'}`;
    } else {
      await guardReferences(() => db.exec(`DELETE FROM ${target}`), t, options.module);
    }
  }
  await db.exec(`INSERT INTO ${target} (${into}) OVERRIDING SYSTEM VALUE SELECT ${from} FROM ${stage}${conflict}`);
  return empty?.e === true || (empty?.e as unknown) === 't';
}

/** Replace mode: deletes the rows whose primary key is not in the backup. */
async function deleteOthers(db: SqlExecutor, t: RestoreTarget, stage: string, pk: string[], module: string): Promise<void> {
  const byTo = new Map(t.pairs.map((p) => [p.to, p.from]));
  if (pk.length === 0 || !pk.every((c) => byTo.has(c))) return; // emptied and refilled in writeRows
  const match = pk.map((c) => `s.${quoteIdent(byTo.get(c)!)} = t.${quoteIdent(c)}`).join(' AND ');
  await guardReferences(() => db.exec(`DELETE FROM ${qualified(t.target)} t WHERE NOT EXISTS (SELECT 1 FROM ${stage} s WHERE ${match})`), t, module);
}

async function guardReferences(run: () => Promise<void>, t: RestoreTarget, module?: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw restoreReferenced(tableKey(t.target), error, module);
    throw error;
  }
}
