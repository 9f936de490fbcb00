import { describe, expect, it } from 'vitest';
import { boolean, index, integer, pgSchema, serial, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { diffSnapshots, moduleSnapshot } from '../schema/index.js';
import type { PlannedModule, PlannedStatement } from '../hub/types.js';
import { annotateCompatibility, classifyCompatibility } from './compatibility.js';

const T = '"shop"."orders"';

// [what, statements of one step, compatible?, part of the first reason when breaking]
const cases: [string, PlannedStatement[], boolean, string?][] = [
  ['nothing', [], true],
  ['a new schema and table', [{ sql: 'CREATE SCHEMA "shop";' }, { sql: `CREATE TABLE ${T} (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"note" text NOT NULL\n);` }], true],
  ['a nullable column', [{ sql: `ALTER TABLE ${T} ADD COLUMN "note" text;` }], true],
  ['a NOT NULL column with a default', [{ sql: `ALTER TABLE ${T} ADD COLUMN "stock" integer DEFAULT 0 NOT NULL;` }], true],
  ['a NOT NULL serial column', [{ sql: `ALTER TABLE ${T} ADD COLUMN "seq" serial NOT NULL;` }], true],
  ['a NOT NULL identity column', [{ sql: `ALTER TABLE ${T} ADD COLUMN "n" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "shop"."orders_n_seq");` }], true],
  ['a NOT NULL column without a default', [{ sql: `ALTER TABLE ${T} ADD COLUMN "code" text NOT NULL;` }], false, 'without a default'],
  ['a plain index, also built online', [{ sql: `CREATE INDEX "orders_note_idx" ON ${T} USING btree ("note");` }, { sql: `CREATE INDEX CONCURRENTLY IF NOT EXISTS "o_idx" ON ${T} USING btree ("id");` }], true],
  ['a unique index over an existing column', [{ sql: `CREATE UNIQUE INDEX "orders_ref_uniq" ON ${T} USING btree ("ref");` }], false, 'unique index'],
  ['a unique index over a column the step adds', [{ sql: `ALTER TABLE ${T} ADD COLUMN "ref" text;` }, { sql: `CREATE UNIQUE INDEX "orders_ref_uniq" ON ${T} USING btree ("ref");` }], true],
  ['a foreign key on a new column', [
    { sql: `ALTER TABLE ${T} ADD COLUMN "person" integer;` },
    { sql: `ALTER TABLE ${T} ADD CONSTRAINT "orders_person_fk" FOREIGN KEY ("person") REFERENCES "crm"."people"("id") ON DELETE no action ON UPDATE no action;` },
  ], true],
  ['a foreign key on an existing column', [{ sql: `ALTER TABLE ${T} ADD CONSTRAINT "orders_person_fk" FOREIGN KEY ("person") REFERENCES "crm"."people"("id");` }], false, 'FOREIGN KEY constraint'],
  ['a check on an existing table', [{ sql: `ALTER TABLE ${T} ADD CONSTRAINT "qty_positive" CHECK ("shop"."orders"."qty" > 0);` }], false, 'CHECK constraint'],
  ['a check on a table the step creates', [{ sql: `CREATE TABLE ${T} ("qty" integer);` }, { sql: `ALTER TABLE ${T} ADD CONSTRAINT "qty_positive" CHECK ("shop"."orders"."qty" > 0);` }], true],
  ['a new enum value', [{ sql: `ALTER TYPE "shop"."status" ADD VALUE 'archived';` }], true],
  ['an enum re-created with more values', [{ sql: `DO $hub$ DECLARE tbl text[]; BEGIN\n  -- Re-create enum "shop"."status" with values 'a', 'b', keeping its columns.\nEND $hub$;` }], true],
  ['a view, a sequence, a type', [{ sql: 'CREATE VIEW "shop"."open_orders" AS (select 1);' }, { sql: 'CREATE SEQUENCE "shop"."n_seq";' }, { sql: `CREATE TYPE "shop"."kind" AS ENUM('a', 'b');` }], true],
  ['loosened rules', [
    { sql: `ALTER TABLE ${T} ALTER COLUMN "note" DROP NOT NULL;` }, { sql: `ALTER TABLE ${T} ALTER COLUMN "note" SET DEFAULT 'x';` },
    { sql: `ALTER TABLE ${T} DROP CONSTRAINT "orders_ref_uniq";` }, { sql: 'DROP INDEX "shop"."orders_note_idx";' },
  ], true],
  ['a validated constraint (online phase of one the step adds)', [
    { sql: `ALTER TABLE ${T} ADD COLUMN "person" integer;` },
    { sql: `ALTER TABLE ${T} ADD CONSTRAINT "orders_person_fk" FOREIGN KEY ("person") REFERENCES "crm"."people"("id") NOT VALID;` },
    { sql: `ALTER TABLE ${T} VALIDATE CONSTRAINT "orders_person_fk";` },
  ], true],
  ['a dropped column', [{ sql: `ALTER TABLE ${T} DROP COLUMN "note";`, dataLoss: 'drops column "shop"."orders"."note" and its values' }], false, 'loses data'],
  ['a dropped column, data loss not flagged', [{ sql: `ALTER TABLE ${T} DROP COLUMN "note";` }], false, 'drops a column'],
  ['a dropped table', [{ sql: `DROP TABLE ${T} CASCADE;`, dataLoss: 'drops table' }], false, 'loses data'],
  ['a dropped view', [{ sql: 'DROP VIEW "shop"."open_orders";' }], false, 'drops an object'],
  ['a renamed column', [{ sql: `ALTER TABLE ${T} RENAME COLUMN "title" TO "name";` }], false, 'renames'],
  ['a renamed table', [{ sql: 'ALTER TABLE "shop"."order" RENAME TO "orders";' }], false, 'renames'],
  ['a widened type', [{ sql: `ALTER TABLE ${T} ALTER COLUMN "qty" SET DATA TYPE bigint;` }], false, 'column type'],
  ['SET NOT NULL', [{ sql: `ALTER TABLE ${T} ALTER COLUMN "note" SET NOT NULL;` }], false, 'NOT NULL'],
  ['DROP DEFAULT', [{ sql: `ALTER TABLE ${T} ALTER COLUMN "note" DROP DEFAULT;` }], false, 'drops a default'],
  ['an unknown statement', [{ sql: 'TRUNCATE "shop"."orders";' }], false, 'not known to be additive'],
];

describe('classifyCompatibility', () => {
  it.each(cases)('%s', (_what, statements, compatible, reason) => {
    const result = classifyCompatibility(statements);
    expect(result.compatible).toBe(compatible);
    if (compatible) expect(result.breaking).toEqual([]);
    else expect(result.breaking[0]!.reason).toContain(reason!);
  });

  it('names every breaking statement, not just the first', () => {
    const result = classifyCompatibility([
      { sql: `ALTER TABLE ${T} ADD COLUMN "note" text;` },
      { sql: `ALTER TABLE ${T} RENAME COLUMN "a" TO "b";` },
      { sql: `ALTER TABLE ${T} ALTER COLUMN "c" SET NOT NULL;` },
    ]);
    expect(result.breaking.map((b) => b.sql)).toEqual([`ALTER TABLE ${T} RENAME COLUMN "a" TO "b";`, `ALTER TABLE ${T} ALTER COLUMN "c" SET NOT NULL;`]);
  });
});

describe('annotateCompatibility', () => {
  const step = (action: PlannedModule['action'], statements: PlannedStatement[], online?: PlannedStatement[]): PlannedModule => ({
    name: 'shop', action, reason: 'requested', statements, dataLoss: [], hooks: [], dataFiles: [], backupTables: [], ...(online ? { online } : {}),
  });

  it('marks upgrade and sync steps, counts online statements, and leaves other actions alone', () => {
    const install = step('install', [{ sql: `CREATE TABLE ${T} ("id" integer);` }]);
    const upgrade = step('upgrade', [{ sql: `ALTER TABLE ${T} ADD COLUMN "note" text;` }], [{ sql: `CREATE UNIQUE INDEX CONCURRENTLY "u" ON ${T} USING btree ("id");` }]);
    expect(annotateCompatibility([install, upgrade])).toBe(false);
    expect(install.compatibility).toBeUndefined();
    expect(upgrade.compatibility).toMatchObject({ compatible: false, breaking: [{ reason: expect.stringContaining('unique index') }] });
    expect(annotateCompatibility([install])).toBeUndefined();
    expect(annotateCompatibility([step('sync', [])])).toBe(true);
  });
});

// The statements drizzle-kit really writes for common upgrades, classified.
describe('classifyCompatibility on diffSnapshots output', () => {
  let n = 0;
  async function statementsOf(v1: (s: ReturnType<typeof pgSchema>) => Record<string, unknown>, v2: (s: ReturnType<typeof pgSchema>) => Record<string, unknown>) {
    const name = `compat_${process.pid}_${n++}`;
    const s = pgSchema(name);
    const previous = await moduleSnapshot(v1(s), [name]);
    const current = await moduleSnapshot(v2(pgSchema(name)), [name]);
    return (await diffSnapshots({ previous, current, moduleName: name })).statements;
  }
  const base = (s: ReturnType<typeof pgSchema>) => ({ t: s.table('items', { id: serial('id').primaryKey(), title: text('title').notNull(), qty: integer('qty') }) });

  it.each([
    ['adds a nullable column, a defaulted NOT NULL one, an index and a table', (s: ReturnType<typeof pgSchema>) => ({
      t: s.table('items', { id: serial('id').primaryKey(), title: text('title').notNull(), qty: integer('qty'), note: text('note'), active: boolean('active').default(true).notNull() }, (t) => [index('items_note_idx').on(t.note)]),
      tags: s.table('tags', { id: serial('id').primaryKey(), label: varchar('label', { length: 40 }).notNull() }),
    }), true],
    ['drops a column', (s: ReturnType<typeof pgSchema>) => ({ t: s.table('items', { id: serial('id').primaryKey(), title: text('title').notNull() }) }), false],
    ['makes a column NOT NULL', (s: ReturnType<typeof pgSchema>) => ({ t: s.table('items', { id: serial('id').primaryKey(), title: text('title').notNull(), qty: integer('qty').notNull() }) }), false],
    ['adds a unique index over an existing column', (s: ReturnType<typeof pgSchema>) => ({ t: s.table('items', { id: serial('id').primaryKey(), title: text('title').notNull(), qty: integer('qty') }, (t) => [uniqueIndex('items_title_uniq').on(t.title)]) }), false],
  ] as const)('%s', async (_what, v2, compatible) => {
    const statements = await statementsOf(base, v2);
    expect(statements.length).toBeGreaterThan(0);
    expect(classifyCompatibility(statements).compatible).toBe(compatible);
  });
});
