import { describe, expect, it } from 'vitest';
import { splitOnline } from './splitOnline.js';

const rows = new Map([['s.big', 500_000], ['s.small', 10]]);

describe('splitOnline', () => {
  it('moves index builds and constraint checks of big tables after the commit, keeps small tables atomic', () => {
    const { statements, online } = splitOnline([
      { sql: 'CREATE INDEX "big_a_idx" ON "s"."big" USING btree ("a");' },
      { sql: 'ALTER TABLE "s"."big" ADD CONSTRAINT "big_fk" FOREIGN KEY ("a") REFERENCES "s"."small"("id");' },
      { sql: 'CREATE INDEX "small_a_idx" ON "s"."small" USING btree ("a");' },
    ], rows, 100_000);
    expect(statements.map((s) => s.sql)).toEqual([
      'ALTER TABLE "s"."big" ADD CONSTRAINT "big_fk" FOREIGN KEY ("a") REFERENCES "s"."small"("id") NOT VALID;',
      'CREATE INDEX "small_a_idx" ON "s"."small" USING btree ("a");',
    ]);
    expect(online.map((s) => s.sql)).toEqual([
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "big_a_idx" ON "s"."big" USING btree ("a");',
      'ALTER TABLE "s"."big" VALIDATE CONSTRAINT "big_fk";',
    ]);
  });

  it('moves a concurrently() index whatever the size (new tables too), unless it is unique and a foreign key of the plan needs it', () => {
    const created = { sql: 'CREATE TABLE "s"."fresh" ("id" serial PRIMARY KEY, "code" text);' };
    const plain = { sql: 'CREATE INDEX "fresh_code_idx" ON "s"."fresh" USING btree ("code");', concurrently: true };
    const unique = { sql: 'CREATE UNIQUE INDEX "fresh_code_uq" ON "s"."fresh" USING btree ("code");', concurrently: true };
    const alone = splitOnline([created, plain, unique], rows, Infinity);
    expect(alone.online.map((s) => s.sql)).toEqual([
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "fresh_code_idx" ON "s"."fresh" USING btree ("code");',
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "fresh_code_uq" ON "s"."fresh" USING btree ("code");',
    ]);
    expect(alone.statements).toEqual([created]);
    // Another module of the same plan references the table: the unique index must exist before the commit.
    const fk = { sql: 'ALTER TABLE "t"."other" ADD CONSTRAINT "other_code_fk" FOREIGN KEY ("code") REFERENCES "s"."fresh"("code");' };
    const needed = splitOnline([created, plain, unique], rows, Infinity, [created, plain, unique, fk]);
    expect(needed.statements).toEqual([created, unique]);
    expect(needed.online.map((s) => s.sql)).toEqual(['CREATE INDEX CONCURRENTLY IF NOT EXISTS "fresh_code_idx" ON "s"."fresh" USING btree ("code");']);
  });
});
