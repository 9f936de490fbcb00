// Upgrade cases: each installs v1, seeds rows, applies the diff to v2, checks what survived, and
// checks that the upgraded schema equals a fresh install of v2 (by introspection).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, serial, text, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements } from './testFixtures.js';
import type { SchemaDiff } from './types.js';

let counter = 0;
type Define = (s: ReturnType<typeof pgSchema>) => Record<string, unknown>;

describe.each(testDatabases())('diffSnapshots upgrade cases on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  async function upgrade(v1: Define, v2: Define, opts: { renames?: Record<string, string>; seed?: string } = {}): Promise<{ diff: SchemaDiff; s: string }> {
    const s = `u_${process.pid}_${counter++}`;
    const schema = pgSchema(s);
    const snap1 = await moduleSnapshot(v1(schema), [s]);
    const snap2 = await moduleSnapshot(v2(schema), [s]);
    const plan = (previous: typeof snap1, current: typeof snap1) => diffSnapshots({ previous, current, renames: opts.renames, moduleName: s });
    await applyStatements(db, (await plan(await emptySnapshot(), snap1)).statements);
    const installed = await introspectSchema(db, s);
    if (opts.seed) await db.exec(opts.seed.replaceAll('S.', `"${s}".`));
    const diff = await plan(snap1, snap2);
    if (process.env.SHOW_SQL) console.log(diff.statements.map((x) => x.sql + (x.dataLoss ? `  -- LOSS ${x.dataLoss}` : '') + (x.warning ? `  -- WARN ${x.warning}` : '')).join('\n'));
    for (const st of diff.statements) expect(st.sql).not.toMatch(/"public"/);
    await applyStatements(db, diff.statements);
    const upgraded = await introspectSchema(db, s);
    lastRows = opts.seed ? await snapshotRows(s, upgraded) : {};

    // Rollback (the reverse diff, rename hints applying backwards) restores v1's schema; the rows
    // survive when nothing was dropped.
    const back = await plan(snap2, snap1);
    if (diff.dataLoss.length > 0) await db.exec(Object.keys(upgraded.tables).map((t) => `truncate "${s}"."${t}" cascade;`).join(' '));
    await applyStatements(db, back.statements);
    expect(await introspectSchema(db, s)).toEqual(installed);
    if (diff.dataLoss.length === 0 && back.dataLoss.length === 0) {
      await applyStatements(db, diff.statements);
      expect(await snapshotRows(s, upgraded)).toEqual(lastRows);
    }

    // A fresh install of v2 equals the upgrade.
    await db.exec(`drop schema "${s}" cascade`);
    await applyStatements(db, (await plan(await emptySnapshot(), snap2)).statements);
    expect(await introspectSchema(db, s)).toEqual(upgraded);
    // Nothing left to do once upgraded.
    expect((await plan(snap2, snap2)).statements).toEqual([]);
    return { diff, s };
  }
  let lastRows: Record<string, unknown[]> = {};
  async function snapshotRows(s: string, schema: Awaited<ReturnType<typeof introspectSchema>>) {
    const out: Record<string, unknown[]> = {};
    for (const table of Object.keys(schema.tables).sort()) {
      out[table] = await db.query(`select row_to_json(t)::text as r from "${s}"."${table}" t order by 1`).then((r) => r.map((x) => JSON.parse((x as { r: string }).r)));
    }
    return out;
  }

  it('renames a column referenced by a foreign key and an index, keeping data and references', async () => {
    const { diff } = await upgrade(
      (s) => {
        const p = s.table('parent', { id: serial('id').primaryKey(), code: varchar('code', { length: 10 }).notNull().unique() }, (t) => [index('parent_code_idx').on(t.code)]);
        return { p, c: s.table('child', { id: serial('id').primaryKey(), parentCode: varchar('parent_code', { length: 10 }).references(() => p.code) }) };
      },
      (s) => {
        const p = s.table('parent', { id: serial('id').primaryKey(), ref: varchar('ref', { length: 10 }).notNull().unique() }, (t) => [index('parent_code_idx').on(t.ref)]);
        return { p, c: s.table('child', { id: serial('id').primaryKey(), parentRef: varchar('parent_ref', { length: 10 }).references(() => p.ref) }) };
      },
      { renames: { 'parent.code': 'ref', 'child.parent_code': 'parent_ref' }, seed: `insert into S.parent (code) values ('A'); insert into S.child (parent_code) values ('A');` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(lastRows).toEqual({ parent: [{ id: 1, ref: 'A' }], child: [{ id: 1, parent_ref: 'A' }] });
  });

  it('renames a table referenced by another table', async () => {
    const { diff } = await upgrade(
      (s) => {
        const p = s.table('people', { id: serial('id').primaryKey(), name: text('name') });
        return { p, o: s.table('orders', { id: serial('id').primaryKey(), personId: integer('person_id').references(() => p.id) }) };
      },
      (s) => {
        const p = s.table('partners', { id: serial('id').primaryKey(), name: text('name') });
        return { p, o: s.table('orders', { id: serial('id').primaryKey(), personId: integer('person_id').references(() => p.id) }) };
      },
      { renames: { people: 'partners' }, seed: `insert into S.people (name) values ('Ada'); insert into S.orders (person_id) values (1);` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(lastRows).toEqual({ partners: [{ id: 1, name: 'Ada' }], orders: [{ id: 1, person_id: 1 }] });
  });

  it('a column renamed and widened at once', async () => {
    const { diff } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), qty: integer('qty') }) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), quantity: text('quantity') }) }),
      { renames: { 't.qty': 'quantity' }, seed: `insert into S.t (qty) values (42);` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(lastRows).toEqual({ t: [{ id: 1, quantity: '42' }] });
  });

  it('drops a table that a kept table referenced', async () => {
    const { diff, s } = await upgrade(
      (s) => {
        const p = s.table('people', { id: serial('id').primaryKey() });
        return { p, o: s.table('orders', { id: serial('id').primaryKey(), personId: integer('person_id').references(() => p.id) }) };
      },
      (s) => ({ o: s.table('orders', { id: serial('id').primaryKey(), personId: integer('person_id') }) }),
      { seed: `insert into S.people default values; insert into S.orders (person_id) values (1);` },
    );
    expect(diff.dataLoss).toEqual([`drops table "${s}"."people" and all its rows`]);
    expect(lastRows).toEqual({ orders: [{ id: 1, person_id: 1 }] });
  });

  it('drops a column that another table references, and a column in a composite primary key', async () => {
    const { diff, s } = await upgrade(
      (s) => {
        const p = s.table('p', { id: serial('id').primaryKey(), code: text('code').unique() });
        return { p, c: s.table('c', { a: integer('a').notNull(), b: integer('b').notNull(), code: text('code').references(() => p.code) }, (t) => [index('c_code_idx').on(t.code)]) };
      },
      (s) => ({
        p: s.table('p', { id: serial('id').primaryKey() }),
        c: s.table('c', { a: integer('a').notNull().primaryKey(), b: integer('b').notNull() }),
      }),
      { seed: `insert into S.p (code) values ('x'); insert into S.c (a, b, code) values (1, 2, 'x');` },
    );
    expect([...diff.dataLoss].sort()).toEqual([`drops column "${s}"."c"."code" and its values`, `drops column "${s}"."p"."code" and its values`]);
    expect(lastRows).toEqual({ p: [{ id: 1 }], c: [{ a: 1, b: 2 }] });
    expect(diff.warnings).toEqual([`adds a PRIMARY KEY on existing table "${s}"."c": fails if existing rows hold NULL or duplicates`]);
  });

  it('adds and drops enum values; adds a table while dropping another (no rename prompt)', async () => {
    const { diff, s } = await upgrade(
      (s) => {
        const st = s.enum('status', ['draft', 'sent', 'void']);
        return { st, a: s.table('a', { id: serial('id').primaryKey(), status: st('status').default('draft') }), old: s.table('old', { id: serial('id').primaryKey() }) };
      },
      (s) => {
        const st = s.enum('status', ['draft', 'sent', 'paid']);
        return { st, a: s.table('a', { id: serial('id').primaryKey(), status: st('status').default('draft') }), fresh: s.table('fresh', { id: serial('id').primaryKey() }) };
      },
      { seed: `insert into S.a (status) values ('sent');` },
    );
    expect(diff.dataLoss).toEqual([
      `drops table "${s}"."old" and all its rows`,
      `drops value 'void' of enum "${s}"."status": rows holding it make the change fail`,
    ]);
    expect(lastRows).toEqual({ a: [{ id: 1, status: 'sent' }], fresh: [] });
  });

  it('adds an enum value that the same transaction uses (new default, a row): no "unsafe use of new value"', async () => {
    const { diff } = await upgrade(
      (s) => {
        const st = s.enum('status', ['draft', 'sent']);
        return { st, a: s.table('a', { id: serial('id').primaryKey(), status: st('status').default('draft').notNull(), tags: st('tags').array() }) };
      },
      (s) => {
        const st = s.enum('status', ['draft', 'sent', 'paid']);
        return { st, a: s.table('a', { id: serial('id').primaryKey(), status: st('status').default('paid').notNull(), tags: st('tags').array() }) };
      },
      { seed: `insert into S.a (status, tags) values ('sent', '{draft,sent}');` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(diff.statements.map((x) => x.sql).join('\n')).not.toMatch(/ADD VALUE/);
    expect(lastRows).toEqual({ a: [{ id: 1, status: 'sent', tags: ['draft', 'sent'] }] });
    // (With ALTER TYPE ... ADD VALUE, the SET DEFAULT 'paid' in the same transaction would fail.)
  });

  it('a new enum value: columns of that enum in other modules\' tables follow, and the value is usable at once', async () => {
    const s = `u_${process.pid}_${counter++}`;
    const other = `${s}_other`;
    const schema = pgSchema(s);
    const v1 = await moduleSnapshot({ st: schema.enum('status', ['draft', 'sent']) }, [s]);
    const v2 = await moduleSnapshot({ st: schema.enum('status', ['draft', 'sent', 'paid']) }, [s]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v1, moduleName: s })).statements);
    await db.exec(`create schema "${other}"; create table "${other}".docs (id serial primary key, st "${s}".status default 'sent' not null, hist "${s}".status[]);
      insert into "${other}".docs (st, hist) values ('draft', '{draft,sent}')`);
    const diff = await diffSnapshots({ previous: v1, current: v2, moduleName: s });
    expect(diff.dataLoss).toEqual([]);
    await applyStatements(db, [...diff.statements, { sql: `insert into "${other}".docs (st, hist) values ('paid', '{paid}')` }]);
    expect(await db.query(`select st::text, hist::text from "${other}".docs order by id`)).toEqual([
      { st: 'draft', hist: '{draft,sent}' }, { st: 'paid', hist: '{paid}' },
    ]);
    const docs = (await introspectSchema(db, other)).tables.docs.columns;
    expect(docs.st).toMatchObject({ type: `${s}.status`, default: `'sent'::${s}.status`, notNull: true });
    expect(docs.hist.type).toBe(`${s}.status[]`);
    expect((await introspectSchema(db, s)).enums).toEqual({ status: ['draft', 'sent', 'paid'] });
  });

  it('changes a column to another enum and drops the old one', async () => {
    const { diff, s } = await upgrade(
      (s) => {
        const kind = s.enum('kind', ['a', 'b']);
        return { kind, t: s.table('t', { id: serial('id').primaryKey(), k: kind('k') }) };
      },
      (s) => {
        const category = s.enum('category', ['a', 'b', 'c']);
        return { category, t: s.table('t', { id: serial('id').primaryKey(), k: category('k') }) };
      },
      { seed: `insert into S.t (k) values ('b');` },
    );
    // Every value of the old enum exists in the new one: not flagged; the old type is.
    expect(diff.dataLoss).toEqual([`drops enum type "${s}"."kind"`]);
    expect(lastRows).toEqual({ t: [{ id: 1, k: 'b' }] });
  });

  it('drops columns used by an expression index, a partial index and a check constraint', async () => {
    const { diff, s } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), email: text('email'), age: integer('age'), active: integer('active') }, (t) => [
        index('t_email_lower_idx').on(sql`lower(${t.email})`),
        index('t_active_idx').on(t.id).where(sql`${t.active} = 1`),
        check('t_age_positive', sql`${t.age} > 0`),
      ]) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey() }) }),
      { seed: `insert into S.t (email, age, active) values ('A@x', 3, 1);` },
    );
    expect([...diff.dataLoss].sort()).toEqual(['active', 'age', 'email'].map((c) => `drops column "${s}"."t"."${c}" and its values`));
    expect(lastRows).toEqual({ t: [{ id: 1 }] });
  });

  it('moves an inline primary key to another column, and back', async () => {
    const { diff } = await upgrade(
      (s) => ({ t: s.table('t', { a: integer('a').primaryKey(), b: integer('b').notNull() }) }),
      (s) => ({ t: s.table('t', { a: integer('a').notNull(), b: integer('b').primaryKey() }) }),
      { seed: `insert into S.t (a, b) values (1, 10), (2, 20);` },
    );
    expect(diff.dataLoss).toEqual([]);
    expect(lastRows).toEqual({ t: [{ a: 1, b: 10 }, { a: 2, b: 20 }] });
  });

  it('self-referencing table and a new table referencing an existing one', async () => {
    const { diff } = await upgrade(
      (s) => ({ n: s.table('node', { id: serial('id').primaryKey() }) }),
      (s) => {
        const n = s.table('node', { id: serial('id').primaryKey(), parentId: integer('parent_id').references((): AnyPgColumn => n.id) });
        return { n, tag: s.table('tag', { id: serial('id').primaryKey(), nodeId: integer('node_id').notNull().references(() => n.id) }) };
      },
      { seed: `insert into S.node default values;` },
    );
    expect(diff.dataLoss).toEqual([]);
    // The new foreign key is on a new, NULL-only column: nothing existing can violate it.
    expect(diff.warnings).toEqual([]);
  });
});
