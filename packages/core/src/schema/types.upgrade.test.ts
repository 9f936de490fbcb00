// Column type changes across the types drizzle-kit emits, arrays sized and unsized: widenings keep
// every row and are not flagged, narrowings are; the upgraded catalog equals a fresh install.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { char, cidr, date, inet, integer, interval, json, jsonb, macaddr, macaddr8, serial, text, timestamp, varchar, bigint } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { upgradeTester } from './testing/upgradeTester.js';

describe.each(testDatabases())('type changes on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });
  const upgrade = upgradeTester(() => db, 'ty');

  it('widens sized and unsized arrays alike, keeping the rows, with no data loss', async () => {
    const { diff, rows, upgraded } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), sized: varchar('sized', { length: 5 }).array(2), unsized: varchar('unsized', { length: 5 }).array(), nums: integer('nums').array(3) }) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), sized: text('sized').array(2), unsized: text('unsized').array(), nums: bigint('nums', { mode: 'number' }).array(3) }) }),
      { seed: `insert into S.t (sized, unsized, nums) values ('{ab,cd}', '{x}', '{1,2,3}');` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(upgraded.tables.t!.columns.sized!.type).toBe('text[]');
    expect(rows).toEqual({ t: [{ id: 1, sized: ['ab', 'cd'], unsized: ['x'], nums: [1, 2, 3] }] });
  });

  it('flags a narrowing of a sized array', async () => {
    const { diff, s } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), a: varchar('a', { length: 10 }).array(2) }) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), a: varchar('a', { length: 3 }).array(2) }) }),
      { seed: `insert into S.t (a) values ('{ab}');` },
    );
    expect(diff.dataLoss).toEqual([`changes the type of column "${s}"."t"."a" from varchar(10)[2] to varchar(3)[2]: values may be truncated, rounded or rejected`]);
  });

  it('widens char, interval, date, cidr, macaddr and jsonb columns without a data-loss flag', async () => {
    const { diff, rows } = await upgrade(
      (s) => ({ t: s.table('t', {
        id: serial('id').primaryKey(), c: char('c', { length: 3 }), i: interval('i', { fields: 'day' }), d: date('d'),
        n: cidr('n'), m: macaddr('m'), j: jsonb('j'),
      }) }),
      (s) => ({ t: s.table('t', {
        id: serial('id').primaryKey(), c: varchar('c', { length: 3 }), i: interval('i'), d: timestamp('d', { mode: 'string' }),
        n: inet('n'), m: macaddr8('m'), j: json('j'),
      }) }),
      { seed: `insert into S.t (c, i, d, n, m, j) values ('ab', '2 days', '2026-01-02', '10.0.0.0/8', '08:00:2b:01:02:03', '{"a": 1}');` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(rows).toEqual({ t: [{ id: 1, c: 'ab', i: '2 days', d: '2026-01-02T00:00:00', n: '10.0.0.0/8', m: '08:00:2b:ff:fe:01:02:03', j: { a: 1 } }] });
  });
  // Enum values that read as numbers, so the row survives the change both ways.
  it('turns an enum column NOT NULL with a default into a nullable integer with another default', async () => {
    const { diff, rows, upgraded, s } = await upgrade(
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), v: level('v').notNull().default('1') }) }; },
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), v: integer('v').default(7) }) }; },
      { seed: `insert into S.t (v) values ('2');` },
    );
    expect(upgraded.tables.t!.columns.v).toMatchObject({ type: 'integer', notNull: false, default: '7' });
    expect(rows).toEqual({ t: [{ id: 1, v: 2 }] });
    const sqls = diff.statements.map((x) => x.sql);
    const at = (pattern: RegExp) => sqls.findIndex((x) => pattern.test(x));
    expect(at(/"v" DROP DEFAULT/)).toBeLessThan(at(/"v" SET DATA TYPE integer USING/));
    expect(at(/"v" SET DATA TYPE/)).toBeLessThan(at(/"v" SET DEFAULT 7/));
    expect(at(/"v" DROP NOT NULL/)).toBeGreaterThan(-1);
    expect(diff.dataLoss).toEqual([`changes the type of column "${s}"."t"."v" from enum ${s}.level to integer: values may be truncated, rounded or rejected`]);
  });

  it('turns a nullable integer column with a default into an enum NOT NULL with another default', async () => {
    const { rows, upgraded, s } = await upgrade(
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), v: integer('v').default(7) }) }; },
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), v: level('v').notNull().default('1') }) }; },
      { seed: `insert into S.t (v) values (2);` },
    );
    expect(upgraded.tables.t!.columns.v).toMatchObject({ type: `${s}.level`, notNull: true, default: `'1'::${s}.level` });
    expect(rows).toEqual({ t: [{ id: 1, v: '2' }] });
  });
  it('turns an enum column NOT NULL with a default into a nullable integer without one', async () => {
    const { diff, rows, upgraded } = await upgrade(
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), v: level('v').notNull().default('1') }) }; },
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), v: integer('v') }) }; },
      { seed: `insert into S.t (v) values ('2');` },
    );
    expect(upgraded.tables.t!.columns.v).toMatchObject({ type: 'integer', notNull: false, default: null });
    expect(rows).toEqual({ t: [{ id: 1, v: 2 }] });
    expect(diff.statements.map((x) => x.sql).filter((x) => /"v" DROP NOT NULL/.test(x))).toHaveLength(1);
  });

  it('turns an array column into a scalar keeping the first element, flagged, and back into a one-element array', async () => {
    const { diff, rows, upgraded, s } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), v: varchar('v', { length: 5 }).array(2), n: integer('n').array(), e: integer('e').array() }) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), v: integer('v'), n: text('n'), e: integer('e') }) }),
      { seed: `insert into S.t (v, n, e) values ('{7,8}', '{3}', '{}'), (null, null, null);` },
    );
    expect(upgraded.tables.t!.columns.v!.type).toBe('integer');
    expect(rows).toEqual({ t: [{ id: 1, v: 7, n: '3', e: null }, { id: 2, v: null, n: null, e: null }] });
    expect(diff.dataLoss).toContain(`changes the type of column "${s}"."t"."v" from varchar(5)[2] to integer: values may be truncated, rounded or rejected (only the first element of each array is kept)`);
  });

  it('turns a scalar column into a one-element array, NULL staying NULL', async () => {
    const { rows, upgraded } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), v: text('v'), d: date('d', { mode: 'string' }), k: integer('k') }) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), v: integer('v').array(), d: text('d').array(2), k: varchar('k', { length: 3 }).array() }) }),
      { seed: `insert into S.t (v, d, k) values ('12', '2026-02-03', 123), (null, null, null);` },
    );
    expect(upgraded.tables.t!.columns.d!.type).toBe('text[]');
    expect(rows).toEqual({ t: [{ id: 1, v: [12], d: ['2026-02-03'], k: ['123'] }, { id: 2, v: null, d: null, k: null }] });
  });

  it('turns an enum array into an enum and an enum into an array of integers', async () => {
    const { rows } = await upgrade(
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), a: level('a').array(), b: level('b') }) }; },
      (s) => { const level = s.enum('level', ['1', '2']); return { level, t: s.table('t', { id: serial('id').primaryKey(), a: level('a'), b: integer('b').array() }) }; },
      { seed: `insert into S.t (a, b) values ('{2,1}', '2');` },
    );
    expect(rows).toEqual({ t: [{ id: 1, a: '2', b: [2] }] });
  });

  // drizzle-kit leaves out a's DROP NOT NULL when another column of the table loses its identity.
  it('a type change needing no USING keeps the NOT NULL and default changes that come with it', async () => {
    const { rows, upgraded } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), c: integer('c').generatedAlwaysAsIdentity(), a: bigint('a', { mode: 'number' }).notNull().default(1), b: integer('b') }) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), c: text('c'), a: integer('a'), b: bigint('b', { mode: 'number' }).notNull().default(5) }) }),
      { seed: `insert into S.t (a, b) values (3, 4);` },
    );
    expect(upgraded.tables.t!.columns.a).toMatchObject({ type: 'integer', notNull: false, default: null });
    expect(upgraded.tables.t!.columns.b).toMatchObject({ type: 'bigint', notNull: true, default: '5' });
    expect(rows).toEqual({ t: [{ id: 1, c: '1', a: 3, b: 4 }] });
  });
});
