// Teammates' functions the lifecycle uses but that are not available yet, in one place.
import { join } from 'node:path';

// --- backups (temporary until src/backup lands) ------------------------------------------------
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../db/types.js';
import type { BackupInfo } from '../hub/types.js';

const qi = (s: string) => s.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');

export async function backupTables(db: SqlExecutor, tables: string[], opts: { dir: string; module: string; reason: string }): Promise<BackupInfo> {
  const createdAt = new Date().toISOString();
  const id = `${opts.module}-${createdAt.replace(/[-:.TZ]/g, '')}-${randomUUID().slice(0, 8)}`;
  const path = join(opts.dir, id);
  await mkdir(path, { recursive: true });
  const out: BackupInfo['tables'] = [];
  for (const table of tables) {
    const file = `${table}.jsonl`;
    const lines: string[] = [];
    for await (const line of db.copyLines(`COPY (SELECT row_to_json(t) FROM ${qi(table)} t) TO STDOUT`)) lines.push(line);
    await writeFile(join(path, file), lines.length ? `${lines.join('\n')}\n` : '');
    out.push({ table, rows: lines.length, file });
  }
  const info: BackupInfo = { id, module: opts.module, createdAt, reason: opts.reason, path, tables: out };
  await writeFile(join(path, 'manifest.json'), JSON.stringify(info, null, 2));
  return info;
}

export async function restoreTables(db: SqlExecutor, backupDir: string, _opts: { truncate?: boolean } = {}): Promise<void> {
  const info = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8')) as BackupInfo;
  await db.exec(`TRUNCATE ${info.tables.map((t) => qi(t.table)).join(', ')} CASCADE`);
  for (const t of info.tables) {
    const text = await readFile(join(backupDir, t.file), 'utf8');
    const rows = text.split('\n').filter(Boolean);
    if (!rows.length) continue;
    // COPY text format escapes backslashes: undo it before parsing.
    const json = `[${rows.map((r) => r.replace(/\\\\/g, '\\')).join(',')}]`;
    await db.query(`INSERT INTO ${qi(t.table)} SELECT * FROM json_populate_recordset(null::${qi(t.table)}, $1::text::json)`, [json]);
  }
}
