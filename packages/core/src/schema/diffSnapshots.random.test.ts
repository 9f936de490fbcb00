// Random schema pairs (seeded, reproducible): every v1 -> v2 diff applies without a prompt or an
// error, the result equals a fresh install of v2, and v2 -> v1 brings back v1's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import {
  bigint, boolean, index, integer, numeric, pgSchema, serial, text, timestamp, uniqueIndex, varchar,
  type AnyPgColumn, type PgColumnBuilderBase,
} from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements } from './testFixtures.js';

type ColType = 'integer' | 'bigint' | 'text' | 'varchar' | 'boolean' | 'timestamp' | 'numeric';
interface ColSpec { type: ColType; notNull: boolean; indexed: boolean; unique: boolean }
interface TableSpec { columns: Record<string, ColSpec>; ref?: string }
type Spec = Record<string, TableSpec>;

const TYPES: ColType[] = ['integer', 'bigint', 'text', 'varchar', 'boolean', 'timestamp', 'numeric'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

function randomSpec(r: () => number): Spec {
  const spec: Spec = {};
  const tables = 2 + Math.floor(r() * 3);
  for (let t = 0; t < tables; t++) {
    const columns: Record<string, ColSpec> = {};
    const n = 1 + Math.floor(r() * 4);
    for (let c = 0; c < n; c++) columns[`c${Math.floor(r() * 8)}`] = randomColumn(r);
    spec[`t${t}`] = { columns, ref: t > 0 && r() < 0.5 ? `t${Math.floor(r() * t)}` : undefined };
  }
  return spec;
}

function randomColumn(r: () => number): ColSpec {
  return { type: TYPES[Math.floor(r() * TYPES.length)], notNull: r() < 0.3, indexed: r() < 0.3, unique: r() < 0.15 };
}

function mutate(spec: Spec, r: () => number): Spec {
  const next: Spec = structuredClone(spec);
  for (const name of Object.keys(next)) {
    const table = next[name];
    if (r() < 0.15 && !Object.values(next).some((t) => t.ref === name)) { delete next[name]; continue; }
    for (const col of Object.keys(table.columns)) {
      const x = r();
      if (x < 0.2) delete table.columns[col];
      else if (x < 0.4) table.columns[col] = { ...table.columns[col], type: TYPES[Math.floor(r() * TYPES.length)] };
      else if (x < 0.5) table.columns[col] = { ...table.columns[col], notNull: !table.columns[col].notNull };
      else if (x < 0.6) table.columns[col] = { ...table.columns[col], indexed: !table.columns[col].indexed };
    }
    if (r() < 0.4) table.columns[`c${Math.floor(r() * 8)}`] = randomColumn(r);
    if (r() < 0.2) table.ref = table.ref ? undefined : Object.keys(next).find((n) => n < name);
  }
  if (r() < 0.4) next[`t${5 + Math.floor(r() * 3)}`] = { columns: { c0: randomColumn(r) } };
  return next;
}

function build(schemaName: string, spec: Spec): Record<string, unknown> {
  const s = pgSchema(schemaName);
  const tables: Record<string, { id: AnyPgColumn }> = {};
  for (const name of Object.keys(spec).sort()) {
    const t = spec[name];
    const cols: Record<string, PgColumnBuilderBase> = { id: serial('id').primaryKey() };
    for (const [col, c] of Object.entries(t.columns)) {
      let b = ({
        integer: () => integer(col), bigint: () => bigint(col, { mode: 'number' }), text: () => text(col),
        varchar: () => varchar(col, { length: 20 }), boolean: () => boolean(col), timestamp: () => timestamp(col),
        numeric: () => numeric(col, { precision: 10, scale: 2 }),
      } as Record<ColType, () => any>)[c.type]();
      if (c.notNull) b = b.notNull();
      cols[col] = b;
    }
    const target = t.ref ? tables[t.ref] : undefined;
    if (target) cols.ref_id = integer('ref_id').references(() => target.id);
    tables[name] = s.table(name, cols, (tb: any) => Object.entries(t.columns).filter(([, c]) => c.indexed || c.unique)
      .map(([col, c]) => (c.unique ? uniqueIndex(`${name}_${col}_uq`) : index(`${name}_${col}_idx`)).on(tb[col]))) as never;
  }
  return tables;
}

describe.each(testDatabases())('diffSnapshots on random schema pairs on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  it.each(Array.from({ length: Number(process.env.HUB_RANDOM_SEEDS ?? 12) }, (_, i) => i + 1))('seed %i', async (seed) => {
    const r = rng(seed * 7919);
    const s = `r_${process.pid}_${seed}`;
    const spec1 = randomSpec(r);
    const spec2 = mutate(spec1, r);
    const v1 = await moduleSnapshot(build(s, spec1), [s]);
    const v2 = await moduleSnapshot(build(s, spec2), [s]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v1, moduleName: s })).statements);
    const installed = await introspectSchema(db, s);
    const up = await diffSnapshots({ previous: v1, current: v2, moduleName: s });
    const show = () => `${JSON.stringify({ spec1, spec2 })}\n${up.statements.map((x) => x.sql).join('\n')}`;
    await applyStatements(db, up.statements).catch((e: Error) => { throw new Error(`${e.message}\n${show()}`); });
    const upgraded = await introspectSchema(db, s);
    const down = await diffSnapshots({ previous: v2, current: v1, moduleName: s });
    await applyStatements(db, down.statements).catch((e: Error) => { throw new Error(`rollback: ${e.message}\n${down.statements.map((x) => x.sql).join('\n')}`); });
    expect(await introspectSchema(db, s), show()).toEqual(installed);
    await db.exec(`drop schema "${s}" cascade`);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v2, moduleName: s })).statements);
    expect(await introspectSchema(db, s), show()).toEqual(upgraded);
  });
});
