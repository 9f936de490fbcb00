import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { openDatabase } from './openDatabase.js';
import type { Database } from './types.js';

const s = pgSchema('t');
const items = s.table('items', { id: serial('id').primaryKey(), name: text('name').notNull() });

describe.each(testDatabases())('openDatabase on $kind', ({ create }) => {
  let db: Database | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => { await db?.close(); await drop?.(); });

  async function open() {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
    return db;
  }

  it('runs queries, drizzle, and rolls back failed transactions', async () => {
    const db = await open();
    await db.exec('create schema t; create table t.items (id serial primary key, name text not null)');
    await db.query('insert into t.items (name) values ($1)', ['a']);
    await expect(db.transaction(async (tx) => {
      await tx.drizzle({ items }).insert(items).values({ name: 'b' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const rows = await db.drizzle({ items }).select().from(items);
    expect(rows.map((r) => r.name)).toEqual(['a']);
  });

  it('streams COPY lines', async () => {
    const db = await open();
    await db.exec("create table x (v text); insert into x select 'row' || g from generate_series(1, 1000) g");
    const lines: string[] = [];
    for await (const line of db.copyLines('COPY (select row_to_json(x) from x) TO STDOUT')) lines.push(line);
    expect(lines).toHaveLength(1000);
    expect(JSON.parse(lines[999]!)).toEqual({ v: 'row1000' });
  });

  it('delivers notifications', async () => {
    const db = await open();
    const got: string[] = [];
    const stop = await db.listen('hub_test', (p) => got.push(p));
    await db.notify('hub_test', 'hello');
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(got).toEqual(['hello']);
  });
});
