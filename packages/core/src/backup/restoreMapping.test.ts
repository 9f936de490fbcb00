import { describe, expect, it } from 'vitest';
import { followRenames, statementsSince } from './restoreMapping.js';

const m = (id: number, up: string[], down: string[], rolledBackAt: string | null = null) => ({ id, up, down, rolledBackAt });
const cols = (...names: string[]) => names.map((name) => ({ name, type: 'text' }));

describe('statementsSince', () => {
  it('undoes what was rolled back since (newest first), then redoes what was applied since', () => {
    const history = [m(1, ['u1'], ['d1']), m(2, ['u2'], ['d2'], 'x'), m(3, ['u3'], ['d3'], 'x'), m(4, ['u4'], ['d4']), m(5, ['u5'], ['d5'], 'x')];
    // At the backup, 1..3 were applied, 2 was already rolled back.
    expect(statementsSince({ lastMigration: 3, rolledBack: [2] }, history)).toEqual(['d3', 'u4']);
    expect(statementsSince({ lastMigration: null, rolledBack: [] }, history)).toEqual(['u1', 'u4']);
    expect(statementsSince({ lastMigration: 5, rolledBack: [2, 3, 5] }, history)).toEqual([]);
  });
});

describe('followRenames', () => {
  const entries = [{ schema: 's', name: 't', columns: cols('id', 'a', 'b', 'c') }, { schema: 's', name: 'other', columns: cols('id') }];
  it('follows column and table renames in order', () => {
    const map = followRenames(entries, [
      'ALTER TABLE "s"."t" RENAME COLUMN "a" TO "x";',
      'ALTER TABLE "s"."t" RENAME TO "u";',
      'ALTER TABLE "s"."u" RENAME COLUMN "x" TO "y";',
      'ALTER TABLE "s"."u" ADD COLUMN "a" text;',
    ]);
    const t = map.get('s.t')!;
    expect(t.table).toEqual({ schema: 's', name: 'u' });
    expect(Object.fromEntries([...t.columns].map(([k, v]) => [k, v.name]))).toEqual({ id: 'id', a: 'y', b: 'b', c: 'c' });
    expect(map.get('s.other')!.table).toEqual({ schema: 's', name: 'other' });
  });
  it('marks drops, and a column renamed into a dropped one\'s name is the renamed one', () => {
    const map = followRenames(entries, ['ALTER TABLE "s"."t" DROP COLUMN "a";', 'ALTER TABLE "s"."t" RENAME COLUMN "b" TO "a";', 'DROP TABLE "s"."other" CASCADE;']);
    const t = map.get('s.t')!;
    expect(t.columns.get('a')).toEqual({ name: 'a', dropped: true });
    expect(t.columns.get('b')).toEqual({ name: 'a', dropped: false });
    expect(map.get('s.other')!.dropped).toBe(true);
  });
});
