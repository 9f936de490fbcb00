import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@hub/tooling/test-databases';
import { openDatabase } from '../db/openDatabase.js';
import type { Database, SqlExecutor } from '../db/types.js';
import { backupTables } from './backupTables.js';
import { restoreTables } from './restoreTables.js';
import { listBackups } from './listBackups.js';
import { readManifest } from './manifest.js';
import { jsonLinesOf } from './jsonLines.js';
import { copyJsonLines } from './sql.js';
import { writeLines } from './writeLines.js';
import { writeFileSync } from 'node:fs';

const SPECIAL = [
  'back\\slash', 'two \\\\ and \\n not a newline', 'quote " and \'single\'', 'new\nline', 'tab\there', 'cr\r\nlf',
  'unicode é ß 😀 中文 \u2028', 'ctrl \u0001\u0002\u001f', '\\.', '', ',;|', '{"not":"json"}', '\\x41',
];

const DDL = `
  CREATE SCHEMA s;
  CREATE TABLE s.parent (
    id serial PRIMARY KEY,
    at timestamptz, day date, big int8, amount numeric(30,10), ratio float8,
    doc jsonb, raw bytea, txt text, tags text[], flag boolean
  );
  CREATE TABLE s.child (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id int NOT NULL REFERENCES s.parent(id),
    qty int, doubled int GENERATED ALWAYS AS (qty * 2) STORED, note text
  );`;

async function seed(db: SqlExecutor) {
  await db.exec(DDL);
  await db.exec(`INSERT INTO s.parent (at, day, big, amount, ratio, doc, raw, txt, tags, flag) VALUES
    ('2024-02-29 23:59:59.123456+00', '2024-02-29', 9223372036854775807, 12345678901234567890.0123456789, 0.1,
     '{"a": [1, 2.50, "x\\\\y"], "big": 123456789012345678901234567890, "s": "q\\"uote"}', '\\x00ff5c0a', 'plain', '{a,"b c","d\\\\e"}', true),
    ('1999-12-31 00:00:00.000001-05', NULL, -9223372036854775808, -0.0000000001, 1e300, 'null', '\\x', NULL, '{}', false),
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
  for (const s of SPECIAL) await db.query('INSERT INTO s.parent (txt, doc) VALUES ($1, jsonb_build_object($1::text, $1::text))', [s]);
  await db.exec(`INSERT INTO s.child (parent_id, qty, note) SELECT 1 + (g % 3), g, 'n' || g FROM generate_series(1, 2500) g`);
}

async function snapshot(db: SqlExecutor) {
  const parent = await db.query<{ j: string }>('SELECT row_to_json(t)::text AS j FROM s.parent t ORDER BY id');
  const child = await db.query<{ j: string }>('SELECT row_to_json(t)::text AS j FROM s.child t ORDER BY id');
  return { parent: parent.map((r) => r.j), child: child.map((r) => r.j) };
}

const tables = ['s.child', { schema: 's', name: 'parent' }];

describe.each(testDatabases())('backupTables / restoreTables on $kind', { timeout: 30_000 }, ({ create }) => {
  // One database per engine (a new PGlite folder costs seconds); each test reseeds schema s.
  let shared: Database | undefined;
  let drop: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    shared = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await shared?.close(); await drop?.(); });
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); dir = undefined; });

  async function open() {
    const db = shared!;
    await db.exec('DROP SCHEMA IF EXISTS s CASCADE');
    dir = mkdtempSync(join(tmpdir(), 'hub-backups-'));
    await seed(db);
    return { db, dir };
  }

  it('writes COPY text and a manifest in foreign-key order, and gives JSON lines of it', async () => {
    const { db, dir } = await open();
    const info = await backupTables(db, tables, { dir, module: 'm', reason: 'test' });
    expect(info).toMatchObject({ module: 'm', reason: 'test', path: join(dir, info.id) });
    expect(info.id).toMatch(/^m-\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    expect(info.tables).toEqual([
      { table: 's.parent', rows: 3 + SPECIAL.length, file: 's.parent.copy' },
      { table: 's.child', rows: 2500, file: 's.child.copy' },
    ]);
    expect(readdirSync(info.path).sort()).toEqual(['manifest.json', 's.child.copy', 's.parent.copy']);
    const manifest = await readManifest(info.path);
    expect(manifest.version).toBe(2);
    expect(manifest.tables[0]!.columns.slice(0, 5)).toEqual([
      { name: 'id', type: 'integer' }, { name: 'at', type: 'timestamp with time zone' }, { name: 'day', type: 'date' },
      { name: 'big', type: 'bigint' }, { name: 'amount', type: 'numeric(30,10)' },
    ]);
    // Generated columns are not stored: they are recomputed on restore.
    expect(manifest.tables[1]!.columns.map((c) => c.name)).toEqual(['id', 'parent_id', 'qty', 'note']);
    // The file is exactly what the server's COPY text format gives.
    const copy = readFileSync(join(info.path, 's.parent.copy'), 'utf8');
    expect(copy.split('\n')[0]).toContain('\t9223372036854775807\t12345678901234567890.0123456789\t');
    expect(copy.split('\n')).toHaveLength(3 + SPECIAL.length + 1);
    // JSON lines of it: numbers with every digit, json nested, text exactly as stored.
    const lines: string[] = [];
    for await (const l of jsonLinesOf(info.path, manifest.tables[0]!)) lines.push(l);
    expect(lines).toHaveLength(3 + SPECIAL.length);
    const texts = lines.map((l) => (JSON.parse(l) as { txt: string | null }).txt);
    expect(texts.slice(3)).toEqual(SPECIAL);
    expect(lines[0]).toContain('"big":9223372036854775807');
    expect(lines[0]).toContain('"amount":12345678901234567890.0123456789');
    expect(lines[0]).toContain('"raw":"\\\\x00ff5c0a"');
    expect(lines[0]).toContain('"flag":true');
    expect(JSON.parse(lines[0]!).doc).toEqual(JSON.parse((await db.query<{ d: string }>('SELECT doc::text AS d FROM s.parent WHERE id = 1'))[0]!.d));
    expect(JSON.parse(lines[2]!)).toMatchObject({ at: null, big: null, doc: null });
    const special = await db.query<{ d: string }>('SELECT doc::text AS d FROM s.parent WHERE id > 3 ORDER BY id');
    expect(lines.slice(3).map((l) => JSON.parse(l).doc)).toEqual(special.map((r) => JSON.parse(r.d)));
    expect(await listBackups(dir, 'm')).toEqual([info]);
    expect(await listBackups(dir, 'other')).toEqual([]);
  });

  it('still restores a JSON-lines backup (format version 1) exactly', async () => {
    const { db, dir } = await open();
    const before = await snapshot(db);
    const path = join(dir, 'v1');
    mkdirSync(path);
    const entries = [];
    for (const name of ['parent', 'child']) {
      const ref = { schema: 's', name };
      const rows = await writeLines(join(path, `s.${name}.jsonl`), db.copyLines(copyJsonLines(ref)));
      const columns = await db.query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [`s.${name}`]);
      entries.push({ schema: 's', name, table: `s.${name}`, file: `s.${name}.jsonl`, rows, columns });
    }
    writeFileSync(join(path, 'manifest.json'), JSON.stringify({ format: 'hub-backup', version: 1, id: 'v1', module: 'm', reason: 'old', createdAt: new Date().toISOString(), tables: entries }));
    await db.exec('DELETE FROM s.child; DELETE FROM s.parent');
    await restoreTables(db, path, { batchRows: 7 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('restores exactly, after truncate, and resets sequences', async () => {
    const { db, dir } = await open();
    const before = await snapshot(db);
    const info = await backupTables(db, tables, { dir, module: 'm', reason: 'test' });
    await db.exec('DELETE FROM s.child; DELETE FROM s.parent WHERE id > 1; UPDATE s.parent SET txt = $$changed$$');
    const result = await restoreTables(db, info.path, { truncate: true, batchRows: 300 });
    expect(result.tables).toEqual([{ table: 's.parent', rows: 3 + SPECIAL.length }, { table: 's.child', rows: 2500 }]);
    expect(await snapshot(db)).toEqual(before);
    const [p] = await db.query<{ id: number }>('INSERT INTO s.parent (txt) VALUES ($1) RETURNING id', ['next']);
    expect(p!.id).toBe(3 + SPECIAL.length + 1);
    const [c] = await db.query<{ id: number }>('INSERT INTO s.child (parent_id, qty) VALUES (1, 1) RETURNING id');
    expect(c!.id).toBe(2501);
  });

  it('restores into empty tables after a drop and recreate, and one table on request', async () => {
    const { db, dir } = await open();
    const before = await snapshot(db);
    const info = await backupTables(db, tables, { dir, module: 'm', reason: 'uninstall' });
    await db.exec('DROP SCHEMA s CASCADE');
    await db.exec(DDL);
    await restoreTables(db, info.path, { tables: ['s.parent'] });
    expect((await snapshot(db)).parent).toEqual(before.parent);
    expect((await snapshot(db)).child).toEqual([]);
    await restoreTables(db, info.path, { tables: [{ schema: 's', name: 'child' }] });
    expect(await snapshot(db)).toEqual(before);
    await expect(restoreTables(db, info.path, { tables: ['s.nope'] })).rejects.toMatchObject({ code: 'HUB_BACKUP_INVALID' });
    await expect(restoreTables(db, join(dir, 'missing'))).rejects.toMatchObject({ code: 'HUB_BACKUP_NOT_FOUND' });
  });

  it('restores a self-referencing table in any row order, and truncates with cascade on request', async () => {
    const { db, dir } = await open();
    await db.exec(`CREATE TABLE s.node (id int PRIMARY KEY, parent int REFERENCES s.node(id));
      INSERT INTO s.node SELECT g, NULL FROM generate_series(1, 600) g;
      UPDATE s.node SET parent = id + 1 WHERE id < 600; -- rows now lie before the rows they reference
      CREATE SCHEMA other; CREATE TABLE other.ref (id int PRIMARY KEY, node int REFERENCES s.node(id));
      INSERT INTO other.ref VALUES (1, 1)`);
    const before = await db.query<{ j: string }>('SELECT row_to_json(t)::text AS j FROM s.node t ORDER BY id');
    const info = await backupTables(db, ['s.node'], { dir, module: 'm', reason: 'test' });
    await expect(restoreTables(db, info.path, { truncate: true, batchRows: 50 })).rejects.toThrow(/other|referenc/i);
    await restoreTables(db, info.path, { truncate: true, cascade: true, batchRows: 50 });
    expect(await db.query('SELECT row_to_json(t)::text AS j FROM s.node t ORDER BY id')).toEqual(before);
    expect(await db.query('SELECT * FROM other.ref')).toEqual([]);
    await db.exec('DROP SCHEMA other CASCADE');
  });

  it('works inside a transaction, which can roll the restore back', async () => {
    const { db, dir } = await open();
    const before = await snapshot(db);
    const info = await db.transaction(async (tx) => {
      await tx.exec(`UPDATE s.parent SET txt = 'in tx' WHERE id = 1`);
      return backupTables(tx, tables, { dir, module: 'm', reason: 'tx', id: 'fixed-id' });
    });
    expect(info.path).toBe(join(dir, 'fixed-id'));
    const rows: { id: number; txt: string }[] = [];
    for await (const l of jsonLinesOf(info.path, (await readManifest(info.path)).tables[0]!)) rows.push(JSON.parse(l));
    expect(rows.find((r) => r.id === 1)!.txt).toBe('in tx');
    await expect(db.transaction(async (tx) => {
      await restoreTables(tx, info.path, { truncate: true });
      const [row] = await tx.query<{ txt: string }>('SELECT txt FROM s.parent WHERE id = 1');
      expect(row!.txt).toBe('in tx');
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const after = await snapshot(db);
    expect(after.child).toEqual(before.child);
    expect(after.parent.slice(1)).toEqual(before.parent.slice(1));
  });
});
