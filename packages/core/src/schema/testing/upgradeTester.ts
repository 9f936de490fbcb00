// Test-only (not exported by the package): installs v1 of a module schema, seeds rows, upgrades
// to v2 and checks what a user would: the upgraded catalog equals a fresh install of v2, the rows
// survive, the reverse diff brings v1's catalog back, and nothing is left to do afterwards.
import { expect } from 'vitest';
import { pgSchema } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/types.js';
import { diffSnapshots } from '../diffSnapshots.js';
import { emptySnapshot } from '../emptySnapshot.js';
import { introspectSchema } from '../introspectSchema.js';
import { moduleSnapshot } from '../moduleSnapshot.js';
import { applyStatements } from '../testFixtures.js';
import type { IntrospectedSchema, SchemaDiff, Snapshot } from '../types.js';

export type Define = (s: ReturnType<typeof pgSchema>) => Record<string, unknown>;

export interface UpgradeResult {
  diff: SchemaDiff;
  /** The PostgreSQL schema (module) name used. */
  s: string;
  /** Rows of every table after the upgrade, sorted. */
  rows: Record<string, unknown[]>;
  /** Sequence positions right after the upgrade. */
  positions: Record<string, string>;
  upgraded: IntrospectedSchema;
}

let counter = 0;

export function upgradeTester(db: () => Database, prefix = 'u') {
  return async function upgrade(v1: Define, v2: Define, opts: { renames?: Record<string, string>; seed?: string } = {}): Promise<UpgradeResult> {
    const s = `${prefix}_${process.pid}_${counter++}`;
    const schema = pgSchema(s);
    const snap1 = await moduleSnapshot(v1(schema), [s]);
    const snap2 = await moduleSnapshot(v2(schema), [s]);
    const plan = (previous: Snapshot, current: Snapshot, renames = opts.renames) => diffSnapshots({ previous, current, renames, moduleName: s });
    await applyStatements(db(), (await plan(await emptySnapshot(), snap1)).statements);
    const installed = await introspectSchema(db(), s);
    if (opts.seed) await db().exec(opts.seed.replaceAll('S.', `"${s}".`));
    const diff = await plan(snap1, snap2);
    if (process.env.SHOW_SQL) console.log(describe(diff));
    for (const st of diff.statements) expect(st.sql).not.toMatch(/"public"/);
    await applyStatements(db(), diff.statements);
    const upgraded = await introspectSchema(db(), s);
    const rows = await tableRows(db(), s);
    const positions = await sequencePositions(db(), s);

    // The reverse diff (hints applying backwards) restores v1's catalog; the rows survive when
    // nothing was dropped either way.
    const back = await plan(snap2, snap1);
    if (diff.dataLoss.length > 0 || back.dataLoss.length > 0) await db().exec(Object.keys(upgraded.tables).map((t) => `truncate "${s}"."${t}" cascade;`).join(' '));
    await applyStatements(db(), back.statements);
    expect(await introspectSchema(db(), s), describe(back)).toEqual(installed);
    if (diff.dataLoss.length === 0 && back.dataLoss.length === 0) {
      await applyStatements(db(), diff.statements);
      expect(await tableRows(db(), s)).toEqual(rows);
    }

    // A fresh install of v2 equals the upgrade.
    await db().exec(`drop schema "${s}" cascade`);
    await applyStatements(db(), (await plan(await emptySnapshot(), snap2)).statements);
    expect(await introspectSchema(db(), s), describe(diff)).toEqual(upgraded);
    // Nothing left to do once upgraded.
    expect((await plan(snap2, snap2)).statements).toEqual([]);
    return { diff, s, rows, positions, upgraded };
  };
}

/** Every row of every table of schema `s`, as JSON, sorted. */
export async function tableRows(db: Database, s: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const tables = await db.query<{ t: string }>(`select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'p') order by 1`, [s]);
  for (const { t } of tables) {
    out[t] = await db.query<{ r: string }>(`select row_to_json(x)::text as r from "${s}"."${t}" x order by 1`).then((r) => r.map((x) => JSON.parse(x.r)));
  }
  return out;
}

/** "last_value/is_called" of each sequence of schema `s`: where the next value comes from. */
export async function sequencePositions(db: Database, s: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const sequences = await db.query<{ name: string }>(`select sequencename as name from pg_sequences where schemaname = $1 order by 1`, [s]);
  for (const { name } of sequences) {
    const [row] = await db.query<{ p: string }>(`select last_value::text || '/' || is_called::text as p from "${s}"."${name}"`);
    out[name] = row!.p;
  }
  return out;
}

function describe(diff: SchemaDiff): string {
  return diff.statements.map((x) => x.sql + (x.dataLoss ? `  -- LOSS ${x.dataLoss}` : '') + (x.warning ? `  -- WARN ${x.warning}` : '')).join('\n');
}
