import { addCastUsing } from './addCastUsing.js';
import { applyRenameHints } from './applyRenameHints.js';
import { classifyStatements } from './classifyStatements.js';
import { markConcurrentIndexes, withoutConcurrently } from './concurrentIndexes.js';
import { fixIdentityChanges } from './fixIdentityChanges.js';
import { loadDrizzleKit } from './loadDrizzleKit.js';
import { matchRenamedConstraints } from './matchRenamedConstraints.js';
import { orderDefaultsAroundTypeChanges } from './orderDefaultsAroundTypeChanges.js';
import { recreateEnumsForDroppedValues, recreateEnumsForNewValues } from './recreateEnumsForNewValues.js';
import { replaceUnnamedPrimaryKeyDrops } from './replaceUnnamedPrimaryKeyDrops.js';
import { renameHintUnknown, schemaDiffFailed, schemaScope } from './schemaErrors.js';
import { unknownRenameHints } from './unknownRenameHints.js';
import { splitSnapshots } from './splitSnapshots.js';
import { stubExtendedTables } from './stubExtendedTables.js';
import { createViewStatements, planViews, withoutViews } from './viewStatements.js';
import type { DiffSnapshotsArgs, SchemaDiff, Snapshot } from './types.js';

/**
 * SQL to go from `previous` to `current`, never prompting: rename hints are applied first (as
 * `ALTER TABLE ... RENAME`), then what is left is diffed in steps that each only remove or only
 * add (see splitSnapshots), so drizzle-kit never asks whether a drop+add is a rename.
 *
 * Tables outside the module's own schema (`moduleName`) are extensions of other modules' tables:
 * their columns are added and dropped, the tables themselves never created or dropped here.
 *
 * Statements only touch what the two snapshots describe. `CREATE SCHEMA` becomes
 * `CREATE SCHEMA IF NOT EXISTS` (another module may have created it by extending it); schemas are
 * never dropped here (uninstall does that, see dropStatements). `CREATE SEQUENCE` becomes
 * `CREATE SEQUENCE IF NOT EXISTS`: a sequence a module's hook made before it declared it in its
 * schema is adopted with its current value instead of failing the upgrade.
 */
export async function diffSnapshots(args: DiffSnapshotsArgs): Promise<SchemaDiff> {
  const { renames = {}, moduleName } = args;
  for (const [label, snapshot] of [['previous', args.previous], ['current', args.current]] as const) {
    const outside = unscoped(snapshot);
    if (outside) throw schemaScope(`The ${label} snapshot of module "${moduleName}" has ${outside} in "public"`, moduleName);
  }
  const unknown = unknownRenameHints([args.previous, args.current], renames, moduleName);
  if (unknown.length) throw renameHintUnknown(moduleName, unknown);
  const { generateMigration } = await loadDrizzleKit();
  const migrate = generateMigration as unknown as (prev: Snapshot, cur: Snapshot) => Promise<(string | string[])[]>;
  // Views are planned here, not by drizzle-kit: it knows neither their order nor when a table change needs them re-created.
  const [withViewsBefore, withViewsAfter] = stubExtendedTables(args.previous, args.current, moduleName);
  const [start, current] = [withoutConcurrently(withoutViews(withViewsBefore)), withoutConcurrently(withoutViews(withViewsAfter))];
  const renamed = applyRenameHints(start, current, renames, moduleName);
  const previous = renamed.snapshot;
  const matched = matchRenamedConstraints(previous, current);
  const { unlinked, removed, added } = splitSnapshots(previous, current);

  const sqls: string[] = [...renamed.statements, ...matched];
  try {
    for (const [from, to] of [[previous, unlinked], [unlinked, removed], [removed, added], [added, current]] as [Snapshot, Snapshot][]) {
      if (sameContent(from, to)) continue; // each drizzle-kit diff costs ~20 ms on 50 tables
      const step = fixIdentityChanges(recreateEnumsForNewValues(recreateEnumsForDroppedValues(replaceUnnamedPrimaryKeyDrops((await migrate(from, to)).flat()).map(normalize), to), to), from, to);
      // Foreign keys last: they may reference a unique constraint or index created in the same step.
      sqls.push(...step.filter((s) => !ADD_FOREIGN_KEY.test(s)), ...step.filter((s) => ADD_FOREIGN_KEY.test(s)));
    }
    // Views: dropped before anything they use changes, created after everything they may use.
    const views = planViews(withViewsBefore, withViewsAfter, sqls);
    sqls.unshift(...views.drop);
    sqls.push(...(await createViewStatements(withViewsAfter, views.create, migrate)));
  } catch (error) {
    throw schemaDiffFailed(moduleName, error);
  }
  const statements = markConcurrentIndexes(classifyStatements(
    orderDefaultsAroundTypeChanges(addCastUsing(sqls, previous, current), previous, current).filter((s) => s && !/^DROP SCHEMA\b/i.test(s)).map(ifNotExists),
    previous,
    current,
  ), withViewsAfter);
  return {
    statements,
    dataLoss: statements.flatMap((s) => (s.dataLoss ? [s.dataLoss] : [])),
    warnings: statements.flatMap((s) => (s.warning ? [s.warning] : [])),
  };
}

const ifNotExists = (sql: string) => sql.replace(/^CREATE (SCHEMA|SEQUENCE) (?!IF NOT EXISTS)/i, 'CREATE $1 IF NOT EXISTS ');

const ADD_FOREIGN_KEY = /^ALTER TABLE \S+ ADD CONSTRAINT "(?:[^"]|"")+" FOREIGN KEY/i;

function sameContent(a: Snapshot, b: Snapshot): boolean {
  const { id: _a, prevId: _pa, ...restA } = a;
  const { id: _b, prevId: _pb, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

function normalize(sql: string): string {
  // drizzle-kit writes some built-in types it does not list (inet, cidr, macaddr, macaddr8, point,
  // line) as `"undefined"."inet"` in a type change.
  const s = sql.trim().replace(/^(ALTER TABLE .* SET DATA TYPE )"undefined"\."([a-z0-9_]+)"/i, '$1$2');
  return s && !s.endsWith(';') ? `${s};` : s;
}

/** The first entity of a snapshot outside any named schema, described, or undefined. */
function unscoped(snapshot: Snapshot): string | undefined {
  const groups = { table: snapshot.tables, enum: snapshot.enums, sequence: snapshot.sequences, view: snapshot.views ?? {} };
  for (const [kind, group] of Object.entries(groups)) {
    for (const entity of Object.values(group as Record<string, { name: string; schema?: string }>)) {
      if (!entity.schema || entity.schema === 'public') return `${kind} "${entity.name}"`;
    }
  }
  if (snapshot.schemas.public) return 'schema "public"';
  return undefined;
}
