// Restores into a schema that moved on since the backup: renames, drops, tables added since.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@hub/tooling/test-databases';
import { openDatabase } from '../db/openDatabase.js';
import type { Database } from '../db/types.js';
import { backupTables } from './backupTables.js';
import { restoreTables } from './restoreTables.js';
import { readManifest } from './manifest.js';
import { followRenames } from './restoreMapping.js';

const rows = (db: Database, sql: string) => db.query(sql);

describe.each(testDatabases())('restore into a newer schema on $kind', { timeout: 30_000 }, ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  let dir: string | undefined;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); dir = undefined; });

  async function seeded() {
    await db.exec(`DROP SCHEMA IF EXISTS r CASCADE; CREATE SCHEMA r;
      CREATE TABLE r.items (id serial PRIMARY KEY, title text NOT NULL, price numeric(12,2), at timestamptz);
      INSERT INTO r.items (title, price, at) VALUES ('Apple', 1.25, '2024-01-01 10:00:00.123456+00'), ('Pear', NULL, NULL), ('Plum', 3, now())`);
    dir = mkdtempSync(join(tmpdir(), 'hub-restore-'));
    return backupTables(db, ['r.items'], { dir, module: 'r', reason: 'test' });
  }

  it('puts values into renamed columns and tables through the mapping', async () => {
    const info = await seeded();
    const before = await rows(db, 'SELECT id, title, price::text, at::text FROM r.items ORDER BY id');
    const renames = ['ALTER TABLE "r"."items" RENAME COLUMN "title" TO "name";', 'ALTER TABLE "r"."items" RENAME TO "products";'];
    for (const s of renames) await db.exec(s);
    await db.exec(`ALTER TABLE r.products ADD COLUMN stock int NOT NULL DEFAULT 7; UPDATE r.products SET name = 'changed', price = 99; DELETE FROM r.products WHERE id = 3`);
    const mapping = followRenames((await readManifest(info.path)).tables, renames);
    const result = await restoreTables(db, info.path, { replace: true, mapping });
    expect(result).toEqual({ tables: [{ table: 'r.items', rows: 3 }], skipped: [] });
    expect(await rows(db, 'SELECT id, name AS title, price::text, at::text FROM r.products ORDER BY id')).toEqual(before);
    expect(await rows(db, 'SELECT DISTINCT stock FROM r.products')).toEqual([{ stock: 7 }]);
    // Without the mapping the old names have no place: refused, naming them, nothing written.
    const refused = await restoreTables(db, info.path, { replace: true }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_BACKUP_UNMAPPED', status: 409, details: { columns: ['r.items (table)'] } });
  });

  it('refuses a column dropped since, naming it, unless accepted; never silent NULLs', async () => {
    const info = await seeded();
    await db.exec('ALTER TABLE r.items DROP COLUMN price; UPDATE r.items SET title = $$x$$');
    const mapping = followRenames((await readManifest(info.path)).tables, ['ALTER TABLE "r"."items" DROP COLUMN "price";']);
    const refused = await restoreTables(db, info.path, { replace: true, mapping }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_BACKUP_UNMAPPED' });
    expect(refused.message).toContain('r.items.price');
    expect(await rows(db, 'SELECT DISTINCT title FROM r.items')).toEqual([{ title: 'x' }]);
    const result = await restoreTables(db, info.path, { replace: true, mapping, acceptUnmapped: true });
    expect(result.skipped).toEqual(['r.items.price']);
    expect(await rows(db, 'SELECT title FROM r.items ORDER BY id')).toEqual([{ title: 'Apple' }, { title: 'Pear' }, { title: 'Plum' }]);
  });

  it('replaces rows in place when a table added since references the restored one', async () => {
    const info = await seeded();
    await db.exec(`CREATE TABLE r.notes (id serial PRIMARY KEY, item int NOT NULL REFERENCES r.items(id), body text);
      INSERT INTO r.items (title) VALUES ('New');
      INSERT INTO r.notes (item, body) VALUES (1, 'about apple');
      UPDATE r.items SET title = 'changed'`);
    // TRUNCATE is refused by PostgreSQL here; the replace keeps the note's item and removes the new row.
    await expect(restoreTables(db, info.path, { truncate: true })).rejects.toThrow(/referenc|foreign key/i);
    await restoreTables(db, info.path, { replace: true });
    expect(await rows(db, 'SELECT id, title FROM r.items ORDER BY id')).toEqual([{ id: 1, title: 'Apple' }, { id: 2, title: 'Pear' }, { id: 3, title: 'Plum' }]);
    expect(await rows(db, 'SELECT item, body FROM r.notes')).toEqual([{ item: 1, body: 'about apple' }]);
    const [next] = await db.query<{ id: number }>(`INSERT INTO r.items (title) VALUES ('next') RETURNING id`);
    expect(next!.id).toBe(4);
    // A row that only exists now and is referenced cannot go: a coded refusal, nothing changed.
    await db.exec(`INSERT INTO r.items (id, title) VALUES (10, 'Ten'); INSERT INTO r.notes (item, body) VALUES (10, 'about ten'); UPDATE r.items SET title = 'again'`);
    const refused = await restoreTables(db, info.path, { replace: true }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_BACKUP_RESTORE_REFERENCED', status: 409 });
    expect(await rows(db, 'SELECT DISTINCT title FROM r.items')).toEqual([{ title: 'again' }]);
  });
});
