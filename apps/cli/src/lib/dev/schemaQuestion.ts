// What `hub dev` asks when a sync would lose data: drop, or (a column removed and one added in the
// same table, as drizzle-kit's push asks) rename.
import type { PlannedModule } from '@hub/core';

export interface RenameChoice { table: string; from: string; to: string }

const DROPPED_COLUMN = /^drops column "([^"]+)"\."([^"]+)"\."([^"]+)"/;
const ADDED_COLUMN = /ALTER TABLE "([^"]+)"\."([^"]+)" ADD COLUMN "([^"]+)"/g;

/** A lone removed column and a lone added column of one table: possibly a rename. */
export function renameCandidate(step: PlannedModule): RenameChoice | undefined {
  const dropped = new Map<string, string[]>();
  for (const loss of step.dataLoss) {
    const m = DROPPED_COLUMN.exec(loss);
    if (m) dropped.set(`${m[1]}.${m[2]}`, [...(dropped.get(`${m[1]}.${m[2]}`) ?? []), m[3]!]);
  }
  const added = new Map<string, string[]>();
  for (const s of step.statements) {
    for (const m of s.sql.matchAll(ADDED_COLUMN)) added.set(`${m[1]}.${m[2]}`, [...(added.get(`${m[1]}.${m[2]}`) ?? []), m[3]!]);
  }
  for (const [table, removed] of dropped) {
    const extra = added.get(table);
    if (removed.length === 1 && extra?.length === 1) return { table: table.split('.')[1]!, from: removed[0]!, to: extra[0]! };
  }
  return undefined;
}
