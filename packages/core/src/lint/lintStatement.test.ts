import { describe, expect, it } from 'vitest';
import { lintStatement } from './lintStatement.js';

const existing = (t: string) => t === 's.big' || t === 's.parent';
const rules = (sql: string) => lintStatement(sql, existing).warnings.map((w) => w.rule);

describe('lintStatement', () => {
  it('classifies locks and work on existing tables', () => {
    expect(lintStatement('CREATE INDEX "i" ON "s"."big" USING btree ("a");', existing)).toMatchObject({ table: 's.big', lock: 'SHARE', work: 'index build', blocksWrites: true, blocksReads: false });
    expect(lintStatement('CREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "s"."big" ("a");', existing)).toMatchObject({ lock: 'SHARE UPDATE EXCLUSIVE', blocksWrites: false, warnings: [] });
    expect(lintStatement('ALTER TABLE "s"."big" ADD CONSTRAINT "f" FOREIGN KEY ("p") REFERENCES "s"."parent"("id") ON DELETE no action ON UPDATE no action;', existing))
      .toMatchObject({ lock: 'SHARE ROW EXCLUSIVE', work: 'scan' });
    expect(lintStatement('ALTER TABLE "s"."big" ADD CONSTRAINT "f" FOREIGN KEY ("p") REFERENCES "s"."parent"("id") NOT VALID;', existing)).toMatchObject({ work: 'none', warnings: [] });
    expect(lintStatement('ALTER TABLE "s"."big" VALIDATE CONSTRAINT "f";', existing)).toMatchObject({ lock: 'SHARE UPDATE EXCLUSIVE', work: 'scan' });
    expect(lintStatement('ALTER TABLE "s"."big" ALTER COLUMN "a" SET DATA TYPE bigint;', existing)).toMatchObject({ lock: 'ACCESS EXCLUSIVE', work: 'rewrite' });
    expect(lintStatement('ALTER TABLE "s"."big" ADD COLUMN "c" text DEFAULT \'x\' NOT NULL;', existing)).toMatchObject({ lock: 'ACCESS EXCLUSIVE', work: 'none', warnings: [] });
  });
  it('flags the squawk / strong_migrations rules with a safe alternative', () => {
    expect(rules('CREATE UNIQUE INDEX "i" ON "s"."big" ("a");')).toEqual(['require-concurrent-index-creation']);
    expect(rules('ALTER TABLE "s"."big" ADD CONSTRAINT "f" FOREIGN KEY ("p") REFERENCES "s"."parent"("id");')).toEqual(['constraint-missing-not-valid']);
    expect(rules('ALTER TABLE "s"."big" ADD CONSTRAINT "c" CHECK ("a" > 0);')).toEqual(['constraint-missing-not-valid']);
    expect(rules('ALTER TABLE "s"."big" ADD CONSTRAINT "u" UNIQUE("a");')).toEqual(['disallowed-unique-constraint']);
    expect(rules('ALTER TABLE "s"."big" ALTER COLUMN "a" SET NOT NULL;')).toEqual(['adding-not-nullable-field']);
    expect(rules('ALTER TABLE "s"."big" ADD COLUMN "u" uuid DEFAULT gen_random_uuid();')).toEqual(['adding-field-with-default']);
    expect(rules('ALTER TABLE "s"."big" ADD COLUMN "n" serial NOT NULL;')).toEqual(['adding-field-with-default']);
    expect(rules('ALTER TABLE "s"."big" ADD COLUMN "r" integer NOT NULL;')).toEqual(['adding-required-field']);
    expect(rules('ALTER TABLE "s"."big" ALTER COLUMN "a" SET DATA TYPE numeric(20, 2) USING "a"::numeric(20, 2);')).toEqual(['changing-column-type']);
    expect(rules('ALTER TABLE "s"."big" RENAME COLUMN "a" TO "b";')).toEqual(['renaming-column']);
    expect(rules('ALTER TABLE "s"."big" RENAME TO "huge";')).toEqual(['renaming-table']);
    expect(rules('ALTER TABLE "s"."big" DROP COLUMN "a";')).toEqual(['ban-drop-column']);
    expect(rules('DROP TABLE "s"."big" CASCADE;')).toEqual(['ban-drop-table']);
    expect(rules('DROP INDEX "s"."i";')).toEqual(['require-concurrent-index-deletion']);
    for (const w of lintStatement('CREATE INDEX "i" ON "s"."big" ("a");', existing).warnings) expect(w.safe).toMatch(/CONCURRENTLY/);
  });
  it('leaves tables the plan creates alone', () => {
    expect(lintStatement('CREATE INDEX "i" ON "s"."new" ("a");', existing)).toEqual({ work: 'none', blocksWrites: false, blocksReads: false, warnings: [] });
    expect(lintStatement('ALTER TABLE "s"."new" ADD CONSTRAINT "f" FOREIGN KEY ("p") REFERENCES "s"."big"("id");', existing).warnings).toEqual([]);
    expect(lintStatement('CREATE TABLE "s"."new" ("id" serial PRIMARY KEY);', existing).warnings).toEqual([]);
  });
});
