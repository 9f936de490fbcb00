// What `hub dev` asks about a sync that loses data: a lone removed and a lone added column of one table may be a rename.
import { describe, expect, it } from 'vitest';
import type { PlannedModule } from '@hub/core';
import { renameCandidate } from '../src/lib/dev/schemaQuestion.js';

const step = (statements: string[], dataLoss: string[]): PlannedModule => ({
  name: 'notes', action: 'sync', reason: 'requested', statements: statements.map((sql) => ({ sql })), dataLoss, hooks: [], dataFiles: [], backupTables: [],
});

describe('renameCandidate', () => {
  it('offers a rename for one column dropped and one added in the same table', () => {
    expect(renameCandidate(step(
      ['ALTER TABLE "notes"."items" DROP COLUMN "note";', 'ALTER TABLE "notes"."items" ADD COLUMN "memo" text;'],
      ['drops column "notes"."items"."note" and its values'],
    ))).toEqual({ table: 'items', from: 'note', to: 'memo' });
  });

  it('offers none for a plain drop, for columns of other tables, or when it cannot tell which one', () => {
    expect(renameCandidate(step(['ALTER TABLE "notes"."items" DROP COLUMN "note";'], ['drops column "notes"."items"."note" and its values']))).toBeUndefined();
    expect(renameCandidate(step(
      ['ALTER TABLE "notes"."items" DROP COLUMN "note";', 'ALTER TABLE "notes"."tags" ADD COLUMN "memo" text;'],
      ['drops column "notes"."items"."note" and its values'],
    ))).toBeUndefined();
    expect(renameCandidate(step(
      ['ALTER TABLE "notes"."items" ADD COLUMN "a" text;', 'ALTER TABLE "notes"."items" ADD COLUMN "b" text;'],
      ['drops column "notes"."items"."note" and its values'],
    ))).toBeUndefined();
  });
});
