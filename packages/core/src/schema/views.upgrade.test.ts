// Views and materialized views in a module's schema: created after their tables in dependency
// order, re-created when their definition or a column they use changes, dropped before what they
// depend on; the upgraded catalog equals a fresh install.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { sql } from 'drizzle-orm';
import { integer, pgSchema, serial, text, varchar } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { dropStatements } from './dropStatements.js';
import { diffSnapshots } from './diffSnapshots.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements } from './testFixtures.js';
import { upgradeTester } from './testing/upgradeTester.js';

type S = ReturnType<typeof pgSchema>;
const people = (s: S, nameAsText = false) =>
  s.table('people', { id: serial('id').primaryKey(), name: nameAsText ? text('name') : varchar('name', { length: 20 }), age: integer('age') });

describe.each(testDatabases())('views on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });
  const upgrade = upgradeTester(() => db, 'vw');

  it('installs a view over a view and a materialized view, after their tables, whatever the export order', async () => {
    const s = pgSchema(`vw_${process.pid}_install`);
    const p = people(s);
    const adults = s.view('adults').as((qb) => qb.select().from(p).where(sql`${p.age} >= 18`));
    const names = s.view('adult_names').as((qb) => qb.select({ name: adults.name }).from(adults));
    const counts = s.materializedView('counts').as((qb) => qb.select({ n: sql<number>`count(*)::int`.as('n') }).from(p));
    const snap = await moduleSnapshot({ names, counts, adults, p }, [s.schemaName]);
    const diff = await diffSnapshots({ previous: await emptySnapshot(), current: snap, moduleName: s.schemaName });
    const order = diff.statements.map((x) => x.sql.match(/^CREATE (?:TABLE|VIEW|MATERIALIZED VIEW) "[^"]+"\."([^"]+)"/)?.[1]).filter(Boolean);
    expect(order.indexOf('people')).toBeLessThan(order.indexOf('adults'));
    expect(order.indexOf('adults')).toBeLessThan(order.indexOf('adult_names'));
    await applyStatements(db, [...diff.statements, { sql: `insert into "${s.schemaName}".people (name, age) values ('Ada', 36), ('Bo', 9)` }]);
    expect(await db.query(`select name from "${s.schemaName}".adult_names`)).toEqual([{ name: 'Ada' }]);
    const described = await introspectSchema(db, s.schemaName);
    expect(Object.fromEntries(Object.entries(described.views).map(([k, v]) => [k, v.materialized]))).toEqual({ adults: false, adult_names: false, counts: true });
    // Uninstall drops dependents first, then the tables.
    await applyStatements(db, dropStatements(snap, { dropSchema: s.schemaName }));
    expect((await introspectSchema(db, s.schemaName)).exists).toBe(false);
  });

  it('re-creates a view (and the view over it) when a column it uses changes type', async () => {
    const { diff, upgraded, rows } = await upgrade(
      (s) => { const p = people(s); const v = s.view('adults').as((qb) => qb.select().from(p).where(sql`${p.age} >= 18`)); return { p, v, w: s.view('adult_names').as((qb) => qb.select({ name: v.name }).from(v)) }; },
      (s) => { const p = people(s, true); const v = s.view('adults').as((qb) => qb.select().from(p).where(sql`${p.age} >= 18`)); return { p, v, w: s.view('adult_names').as((qb) => qb.select({ name: v.name }).from(v)) }; },
      { seed: `insert into S.people (name, age) values ('Ada', 36);` },
    );
    const sqls = diff.statements.map((x) => x.sql);
    expect(sqls.slice(0, 2)).toEqual([expect.stringMatching(/^DROP VIEW .*"adult_names"/), expect.stringMatching(/^DROP VIEW .*"adults"/)]);
    expect(sqls.at(-2)).toMatch(/^CREATE VIEW .*"adults"/);
    expect(sqls.at(-1)).toMatch(/^CREATE VIEW .*"adult_names"/);
    expect(diff.dataLoss).toEqual([]);
    expect(upgraded.views.adult_names!.columns).toEqual(['name text']);
    expect(rows).toEqual({ people: [{ id: 1, name: 'Ada', age: 36 }] });
  });

  it('re-creates a view whose definition changed, leaves an untouched one alone, drops a removed one', async () => {
    const { diff } = await upgrade(
      (s) => { const p = people(s); return { p, a: s.view('a').as((qb) => qb.select({ id: p.id }).from(p)), b: s.view('b').as((qb) => qb.select({ name: p.name }).from(p)), c: s.view('c').as((qb) => qb.select({ age: p.age }).from(p)) }; },
      (s) => { const p = people(s); return { p, a: s.view('a').as((qb) => qb.select({ id: p.id, age: p.age }).from(p)), b: s.view('b').as((qb) => qb.select({ name: p.name }).from(p)) }; },
    );
    expect(diff.statements.map((x) => x.sql.replace(/ AS .*/s, ''))).toEqual([
      expect.stringMatching(/^DROP VIEW .*"c";$/), expect.stringMatching(/^DROP VIEW .*"a";$/), expect.stringMatching(/^CREATE VIEW .*"a"$/),
    ]);
  });

  it('a materialized view over a table whose enum gains a value is re-created', async () => {
    const { diff, s } = await upgrade(
      (s) => { const st = s.enum('status', ['a', 'b']); const t = s.table('t', { id: serial('id').primaryKey(), st: st('st') }); return { st, t, m: s.materializedView('m').as((qb) => qb.select().from(t)) }; },
      (s) => { const st = s.enum('status', ['a', 'b', 'c']); const t = s.table('t', { id: serial('id').primaryKey(), st: st('st') }); return { st, t, m: s.materializedView('m').as((qb) => qb.select().from(t)) }; },
      { seed: `insert into S.t (st) values ('b');` },
    );
    expect(diff.statements[0]!.sql).toBe(`DROP MATERIALIZED VIEW "${s}"."m";`);
    expect(diff.statements.at(-1)!.sql).toMatch(/^CREATE MATERIALIZED VIEW/);
  });

  it('drops a view before the table it reads, and a new view comes after its new table', async () => {
    await upgrade(
      (s) => { const p = people(s); return { p, v: s.view('v').as((qb) => qb.select().from(p)) }; },
      (s) => { const o = s.table('orders', { id: serial('id').primaryKey(), total: integer('total') }); return { o, v: s.view('totals').as((qb) => qb.select({ total: o.total }).from(o)) }; },
      { seed: `insert into S.people (name) values ('x');` },
    );
  });
});
