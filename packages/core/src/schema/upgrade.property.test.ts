// Property: for generated pairs of module schemas (columns of many types, arrays sized and not,
// identity, enums, sequences, concurrent indexes, views, rename hints), upgrading v1 (with a row
// per table) to v2 on PGlite gives exactly the catalog of a fresh v2 install, loses no row unless
// the plan flagged data loss, and the reverse diff (the migration's down SQL) gives v1's catalog.
// Fixed seed and a bounded number of runs; HUB_PROPERTY_RUNS=200 (and HUB_PROPERTY_SEED) run more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, date, index, integer, numeric, pgSchema, serial, text, timestamp, varchar, type PgColumnBuilderBase,
} from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements } from './testFixtures.js';
import { tableRows } from './testing/upgradeTester.js';
import { testDatabases } from '@hub/tooling/test-databases';

const TYPES = ['integer', 'bigint', 'text', 'varchar(5)', 'varchar(20)', 'boolean', 'numeric(10,2)', 'numeric(12,2)', 'date', 'timestamp', 'text[]', 'varchar(5)[2]', 'text[2]', 'integer[]', 'bigint[]', 'enum'] as const;
type ColType = (typeof TYPES)[number];
type Identity = 'none' | 'always' | 'default';
interface Col { type: ColType; notNull: boolean; identity: Identity; indexed: 'no' | 'plain' | 'concurrently' }
interface Table { columns: Record<string, Col>; view: boolean }
interface Spec { tables: Record<string, Table>; enumValues: string[]; sequence: { name: string; increment: number } | null }

const colArb: fc.Arbitrary<Col> = fc.record({
  type: fc.constantFrom(...TYPES),
  notNull: fc.boolean(),
  identity: fc.constantFrom<Identity>('none', 'none', 'none', 'always', 'default'),
  indexed: fc.constantFrom<Col['indexed']>('no', 'no', 'plain', 'concurrently'),
}).map((c) => (c.identity !== 'none' ? { ...c, type: 'integer', notNull: true } : c));
const tableArb: fc.Arbitrary<Table> = fc.record({ columns: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), colArb, { minKeys: 1, maxKeys: 3 }), view: fc.boolean() })
  // At most one identity per table (PostgreSQL's rule).
  .map((t) => { let seen = false; for (const c of Object.values(t.columns)) { if (c.identity !== 'none') { if (seen) { c.identity = 'none'; c.notNull = false; } seen = true; } } return t; });
const specArb: fc.Arbitrary<Spec> = fc.record({
  tables: fc.dictionary(fc.constantFrom('t1', 't2', 't3'), tableArb, { minKeys: 1, maxKeys: 2 }),
  enumValues: fc.constantFrom(['a', 'b'], ['a', 'b', 'c'], ['a', 'c']),
  sequence: fc.option(fc.record({ name: fc.constantFrom('q1', 'q2'), increment: fc.constantFrom(1, 5) }), { nil: null }),
});
/** v2 from v1: each part kept, changed or replaced; new NOT NULL columns come with a default (or an identity). */
const pairArb = specArb.chain((v1) => fc.tuple(fc.constant(v1), specArb, fc.boolean()).map(([v1, other, renameSequence]) => {
  const v2: Spec = structuredClone(other);
  // Keep the tables' names mostly alike so that columns change in place rather than tables being swapped.
  for (const [name, t] of Object.entries(v1.tables)) if (!v2.tables[name] && Object.keys(v2.tables).length < 2) v2.tables[name] = structuredClone(t);
  for (const [name, t] of Object.entries(v2.tables)) {
    for (const [c, col] of Object.entries(t.columns)) {
      const before = v1.tables[name]?.columns[c];
      if (!before && col.notNull && col.identity === 'none') t.columns[c] = { ...col, notNull: false };
    }
  }
  const renames: Record<string, string> = {};
  if (renameSequence && v1.sequence && v2.sequence && v1.sequence.name !== v2.sequence.name) renames[v1.sequence.name] = v2.sequence.name;
  return { v1, v2, renames };
}));

function build(schemaName: string, spec: Spec): Record<string, unknown> {
  const s = pgSchema(schemaName);
  const kind = s.enum('kind', spec.enumValues as [string, ...string[]]);
  const out: Record<string, unknown> = { kind };
  if (spec.sequence) out.seq = s.sequence(spec.sequence.name, { increment: spec.sequence.increment });
  for (const [name, t] of Object.entries(spec.tables)) {
    const cols: Record<string, PgColumnBuilderBase> = { id: serial('id').primaryKey() };
    for (const [c, col] of Object.entries(t.columns)) {
      let b: any = column(c, col.type, kind);
      if (col.identity === 'always') b = b.generatedAlwaysAsIdentity();
      else if (col.identity === 'default') b = b.generatedByDefaultAsIdentity({ startWith: 10 });
      else if (col.notNull) b = b.notNull().default(defaultOf(col.type));
      cols[c] = b;
    }
    const table = s.table(name, cols, (tb: any) => Object.entries(t.columns).filter(([, c]) => c.indexed !== 'no').map(([c, col]) => {
      const i = index(`${name}_${c}_idx`).on(tb[c]);
      return col.indexed === 'concurrently' ? i.concurrently() : i;
    }));
    out[name] = table;
    if (t.view) out[`${name}_v`] = s.view(`${name}_v`).as((qb) => qb.select().from(table).where(sql`${(table as any).id} > 0`));
  }
  return out;
}

function column(name: string, type: ColType, kind: any): any {
  switch (type) {
    case 'integer': return integer(name);
    case 'bigint': return bigint(name, { mode: 'number' });
    case 'text': return text(name);
    case 'varchar(5)': return varchar(name, { length: 5 });
    case 'varchar(20)': return varchar(name, { length: 20 });
    case 'boolean': return boolean(name);
    case 'numeric(10,2)': return numeric(name, { precision: 10, scale: 2 });
    case 'numeric(12,2)': return numeric(name, { precision: 12, scale: 2 });
    case 'date': return date(name);
    case 'timestamp': return timestamp(name);
    case 'text[]': return text(name).array();
    case 'varchar(5)[2]': return varchar(name, { length: 5 }).array(2);
    case 'text[2]': return text(name).array(2);
    case 'integer[]': return integer(name).array();
    case 'bigint[]': return bigint(name, { mode: 'number' }).array();
    case 'enum': return kind(name);
  }
}

function defaultOf(type: ColType): unknown {
  return ({
    integer: 1, bigint: 1, text: 'x', 'varchar(5)': 'x', 'varchar(20)': 'x', boolean: false, 'numeric(10,2)': '1.50', 'numeric(12,2)': '1.50',
    date: '2026-01-01', timestamp: sql`'2026-01-01 00:00:00'`, 'text[]': sql`'{x}'`, 'varchar(5)[2]': sql`'{x}'`, 'text[2]': sql`'{x}'`,
    'integer[]': sql`'{1}'`, 'bigint[]': sql`'{1}'`, enum: 'a',
  } as Record<ColType, unknown>)[type];
}

/** One row per table, every column given a value (identity "always" ones excepted). */
function seed(schemaName: string, spec: Spec): string {
  const literal: Record<ColType, string> = {
    integer: '7', bigint: '8', text: `'ab'`, 'varchar(5)': `'cd'`, 'varchar(20)': `'ef'`, boolean: 'true', 'numeric(10,2)': '12.5', 'numeric(12,2)': '13.25',
    date: `'2026-02-03'`, timestamp: `'2026-02-03 04:05:06'`, 'text[]': `'{g,h}'`, 'varchar(5)[2]': `'{i}'`, 'text[2]': `'{j}'`, 'integer[]': `'{1,2}'`,
    'bigint[]': `'{3}'`, enum: `'a'`,
  };
  return Object.entries(spec.tables).map(([name, t]) => {
    const cols = Object.entries(t.columns).filter(([, c]) => c.identity !== 'always');
    return cols.length
      ? `insert into "${schemaName}"."${name}" (${cols.map(([c]) => `"${c}"`).join(', ')}) values (${cols.map(([, c]) => literal[c.type]).join(', ')});`
      : `insert into "${schemaName}"."${name}" default values;`;
  }).join('\n');
}

let counter = 0;

describe.each(testDatabases().filter((d) => d.kind === 'pglite'))('upgrade property on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  it('v1 -> v2 equals a fresh v2, keeps rows unless flagged, and the down SQL gives v1 back', async () => {
    await fc.assert(fc.asyncProperty(pairArb, async ({ v1, v2, renames }) => {
      const s = `p_${process.pid}_${counter++}`;
      const snap1 = await moduleSnapshot(build(s, v1), [s]);
      const snap2 = await moduleSnapshot(build(s, v2), [s]);
      const diff = (previous: typeof snap1, current: typeof snap1) => diffSnapshots({ previous, current, renames, moduleName: s });
      try {
        await applyStatements(db, (await diff(await emptySnapshot(), snap1)).statements);
        const installed = await introspectSchema(db, s);
        await db.exec(seed(s, v1));
        const up = await diff(snap1, snap2);
        const context = () => `${JSON.stringify({ v1, v2, renames })}\n${up.statements.map((x) => x.sql + (x.dataLoss ? `  -- LOSS ${x.dataLoss}` : '')).join('\n')}`;
        // A flagged change may reject the rows it would lose: the property then holds for the schema alone.
        if (up.dataLoss.length) await db.exec(Object.keys(v1.tables).map((t) => `truncate "${s}"."${t}";`).join(' '));
        const before = await tableRows(db, s);
        await applyStatements(db, up.statements).catch((e: Error) => { throw new Error(`${e.message}\n${context()}`); });
        const upgraded = await introspectSchema(db, s);
        if (!up.dataLoss.length) {
          const after = await tableRows(db, s);
          for (const [table, rows] of Object.entries(before)) if (v2.tables[table]) expect(after[table]?.length, `${table}: ${context()}`).toBe(rows.length);
        }
        // The migration's down SQL: the reverse diff.
        const down = await diff(snap2, snap1);
        if (down.dataLoss.length) await db.exec(Object.keys(v2.tables).map((t) => `truncate "${s}"."${t}";`).join(' '));
        await applyStatements(db, down.statements).catch((e: Error) => { throw new Error(`down: ${e.message}\n${down.statements.map((x) => x.sql).join('\n')}\n${context()}`); });
        expect(await introspectSchema(db, s), `down: ${context()}`).toEqual(installed);
        // A fresh install of v2 has the upgraded catalog.
        await db.exec(`drop schema "${s}" cascade`);
        await applyStatements(db, (await diff(await emptySnapshot(), snap2)).statements);
        expect(await introspectSchema(db, s), `fresh: ${context()}`).toEqual(upgraded);
      } finally {
        await db.exec(`drop schema if exists "${s}" cascade`);
      }
    }), { seed: Number(process.env.HUB_PROPERTY_SEED ?? 20261202), numRuns: Number(process.env.HUB_PROPERTY_RUNS ?? 12), endOnFailure: true });
  }, 600_000);
});
