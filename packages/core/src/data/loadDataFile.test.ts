import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pgSchema, serial, text, integer, jsonb } from 'drizzle-orm/pg-core';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Database } from '../db/types.js';
import { openTestDatabase } from '../../test/helpers.js';
import { loadDataFile } from './loadDataFile.js';

const s = pgSchema('d');
const people = s.table('people', { id: serial('id').primaryKey(), email: text('email').notNull().unique(), fullName: text('full_name'), age: integer('age').default(7), meta: jsonb('meta') });
const schema = { people };

describe.each(testDatabases())('loadDataFile on $kind', ({ create }) => {
  let db: Database | undefined;
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => { await db?.close(); for (const c of cleanups.splice(0)) await c(); });

  it('inserts by property or SQL name, skips existing keys, and names the file and record on errors', async () => {
    const target = await create();
    cleanups.push(target.drop);
    db = await openTestDatabase(target);
    await db.exec('CREATE SCHEMA d; CREATE TABLE d.people (id serial primary key, email text not null unique, full_name text, age integer default 7, meta jsonb)');
    const dir = mkdtempSync(join(tmpdir(), 'hub-data-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: unknown) => { const p = join(dir, name); writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content)); return p; };
    const load = (path: string, onlyKeyed = false) => db!.transaction((tx) => loadDataFile(tx, { module: 'd', dir, file: path, schema, onlyKeyed }));

    const good = file('good.json', { records: [
      { table: 'people', key: 'email', rows: [{ email: 'a@x', fullName: 'A', meta: { tags: ['x'] } }, { email: 'b@x', full_name: 'B', age: 3 }] },
      { table: 'd.people', rows: [{ email: 'c@x' }] },
    ] });
    expect(await load(good)).toBe(3);
    expect(await db.query('SELECT email, full_name, age, meta::text AS meta FROM d.people ORDER BY email')).toEqual([
      { email: 'a@x', full_name: 'A', age: 7, meta: '{"tags": ["x"]}' }, { email: 'b@x', full_name: 'B', age: 3, meta: null }, { email: 'c@x', full_name: null, age: 7, meta: null },
    ]);
    // Reloading keyed records only (what an upgrade does) inserts nothing new.
    expect(await load(good, true)).toBe(0);

    const cases: [unknown, RegExp][] = [
      ['{ not json', /bad\.json: .*JSON/],
      [{ rows: [] }, /"records" array/],
      [{ records: [{ table: 'nope', rows: [] }] }, /records\[0\] \(table "nope"\): unknown table "nope"; known: people/],
      [{ records: [{ table: 'people', rows: [{ email: 'z', shoeSize: 4 }] }] }, /records\[0\] \(table "people"\) rows\[0\]: unknown column "shoeSize"/],
      [{ records: [{ table: 'people', rows: [{ email: 'q@x' }] }, { table: 'people', rows: [{ email: 'a@x' }] }] }, /records\[1\] \(table "people"\): .*(unique|duplicate)/i],
    ];
    for (const [content, message] of cases) {
      const error = await load(file('bad.json', content)).catch((e) => e);
      expect(error).toMatchObject({ code: 'HUB_DATA_FILE_INVALID', module: 'd' });
      expect(error.message).toMatch(message);
    }
    expect(await db.query('SELECT count(*)::int AS n FROM d.people')).toEqual([{ n: 3 }]);
  });
});
