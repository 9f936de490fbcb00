// `index(...).concurrently()` never fails an install or an upgrade (CREATE INDEX CONCURRENTLY
// cannot run in the operation's transaction): the index is built in it, and its statement is
// marked for an online phase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { index, pgSchema, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { emptySnapshot } from './emptySnapshot.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements } from './testFixtures.js';
import { upgradeTester } from './testing/upgradeTester.js';

describe.each(testDatabases())('concurrent indexes on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });
  const upgrade = upgradeTester(() => db, 'ci');

  it('installs a table with concurrent indexes inside the transaction, each statement marked', async () => {
    const s = pgSchema(`ci_${process.pid}_install`);
    const t = s.table('t', { id: serial('id').primaryKey(), a: text('a'), b: text('b') }, (t) => [index('t_a_idx').on(t.a).concurrently(), uniqueIndex('t_b_uq').on(t.b).concurrently()]);
    const diff = await diffSnapshots({ previous: await emptySnapshot(), current: await moduleSnapshot({ t }, [s.schemaName]), moduleName: s.schemaName });
    const indexes = diff.statements.filter((x) => /^CREATE (UNIQUE )?INDEX/.test(x.sql));
    expect(indexes.map((x) => [x.sql.match(/INDEX "([^"]+)"/)![1], x.concurrently])).toEqual([['t_a_idx', true], ['t_b_uq', true]]);
    for (const x of diff.statements) expect(x.sql).not.toMatch(/CONCURRENTLY/);
    await applyStatements(db, diff.statements);
    expect(await db.query(`select indexname from pg_indexes where schemaname = $1 order by 1`, [s.schemaName])).toEqual([
      { indexname: 't_a_idx' }, { indexname: 't_b_uq' }, { indexname: 't_pkey' },
    ]);
  });

  it('adds a concurrent index to an existing table with rows; turning the flag on or off changes nothing', async () => {
    const { diff, rows } = await upgrade(
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), a: text('a'), b: text('b') }, (t) => [index('t_b_idx').on(t.b)]) }),
      (s) => ({ t: s.table('t', { id: serial('id').primaryKey(), a: text('a'), b: text('b') }, (t) => [index('t_a_idx').on(t.a).concurrently(), index('t_b_idx').on(t.b).concurrently()]) }),
      { seed: `insert into S.t (a, b) values ('x', 'y');` },
    );
    expect(diff.statements.map((x) => [x.sql.replace(/ ON .*/, ''), x.concurrently])).toEqual([['CREATE INDEX "t_a_idx"', true]]);
    expect(rows).toEqual({ t: [{ id: 1, a: 'x', b: 'y' }] });
  });
});
