import type { Snapshot } from './types.js';

export type SnapshotView = NonNullable<Snapshot['views']>[string];

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A snapshot without views (drizzle-kit diffs the rest; views are handled here). */
export function withoutViews(snapshot: Snapshot): Snapshot {
  return snapshot.views && Object.keys(snapshot.views).length ? { ...snapshot, views: {} } : snapshot;
}

/** The views a module creates and drops: those declared with `.existing()` are someone else's. */
export function ownViews(snapshot: Snapshot): Record<string, SnapshotView> {
  return Object.fromEntries(Object.entries(snapshot.views ?? {}).filter(([, v]) => !v.isExisting));
}

/** Whether `sql` names the relation or type `schema.name` (quoted, as drizzle writes it, or plain). */
export function mentions(sql: string, schema: string, name: string): boolean {
  const quoted = `${q(schema)}.${q(name)}`;
  if (sql.includes(quoted)) return true;
  return /^[a-z_][a-z0-9_$]*$/.test(schema) && /^[a-z_][a-z0-9_$]*$/.test(name)
    && new RegExp(`(^|[^\\w$."])${escape(schema)}\\.${escape(name)}($|[^\\w$"])`, 'i').test(sql);
}

/**
 * Views in dependency order (a view after the views its definition names), keyed "schema.name".
 * Drizzle-kit knows nothing of the order; PostgreSQL refuses a view over a view not yet there.
 */
export function viewsInOrder(views: Record<string, SnapshotView>): string[] {
  const keys = Object.keys(views).sort();
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (key: string, path: Set<string>) => {
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    const view = views[key]!;
    for (const other of keys) {
      const o = views[other]!;
      if (other !== key && mentions(String(view.definition ?? ''), o.schema, o.name)) visit(other, path);
    }
    done.add(key);
    order.push(key);
  };
  for (const key of keys) visit(key, new Set());
  return order;
}

/**
 * The views to drop (dependents first) and to (re-)create (dependencies first) between two
 * snapshots, given the table statements of the diff: a view goes when `current` lacks it, comes
 * when `previous` lacked it, and is re-created when its definition or options changed, when a
 * statement touches a table or type it names (PostgreSQL refuses to change a column a view uses,
 * and a fresh install would define it over the new columns), or when a view it names is
 * re-created. Creating is drizzle-kit's job (`create`), so every view option it knows is honoured.
 */
export function planViews(previous: Snapshot, current: Snapshot, tableStatements: string[]): { drop: string[]; create: string[] } {
  const before = ownViews(previous);
  const after = ownViews(current);
  const touched = touchedRelations(previous, current, tableStatements);
  const affected = new Set<string>();
  for (const [key, view] of Object.entries(before)) {
    const next = after[key];
    if (!next || stable(view) !== stable(next) || touched.some(([s, n]) => mentions(String(view.definition ?? ''), s, n))) affected.add(key);
  }
  for (const key of Object.keys(after)) if (!before[key]) affected.add(key);
  // A view over a re-created (or dropped) view goes with it.
  for (let grew = true; grew;) {
    grew = false;
    for (const group of [before, after]) {
      for (const [key, view] of Object.entries(group)) {
        if (affected.has(key)) continue;
        if ([...affected].some((k) => { const v = before[k] ?? after[k]!; return mentions(String(view.definition ?? ''), v.schema, v.name); })) {
          affected.add(key);
          grew = true;
        }
      }
    }
  }
  const drop = viewsInOrder(before).filter((k) => affected.has(k)).reverse().map((k) => {
    const v = before[k]!;
    return `DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${q(v.schema)}.${q(v.name)};`;
  });
  const create = viewsInOrder(after).filter((k) => affected.has(k));
  return { drop, create };
}

/** Drizzle-kit's CREATE statements for `keys` of `current`, in that order. */
export async function createViewStatements(current: Snapshot, keys: string[], migrate: (prev: Snapshot, cur: Snapshot) => Promise<(string | string[])[]>): Promise<string[]> {
  if (keys.length === 0) return [];
  const base = withoutViews(current);
  const views = Object.fromEntries(keys.map((k) => [k, current.views![k]!]));
  const sqls = (await migrate(base, { ...base, views })).flat().map((s) => s.trim()).filter(Boolean);
  const byKey = new Map<string, string[]>();
  let last: string | undefined;
  for (const sql of sqls) {
    const m = sql.match(/^CREATE (?:MATERIALIZED )?VIEW "((?:[^"]|"")+)"\."((?:[^"]|"")+)"/i);
    if (m) last = `${m[1]!.replace(/""/g, '"')}.${m[2]!.replace(/""/g, '"')}`;
    if (!last) throw new Error(`Unexpected statement while creating views: ${sql}`);
    byKey.set(last, [...(byKey.get(last) ?? []), sql.endsWith(';') ? sql : `${sql};`]);
  }
  return keys.flatMap((k) => byKey.get(k) ?? []);
}

/** [schema, name] of tables and enum types the statements change (an enum: every table using it). */
function touchedRelations(previous: Snapshot, current: Snapshot, statements: string[]): [string, string][] {
  const out = new Map<string, [string, string]>();
  const enums = new Map<string, [string, string]>();
  for (const snapshot of [previous, current]) {
    for (const t of Object.values(snapshot.tables)) if (statements.some((s) => mentions(s, t.schema, t.name))) out.set(`${t.schema}.${t.name}`, [t.schema, t.name]);
    for (const e of Object.values(snapshot.enums)) if (statements.some((s) => mentions(s, e.schema, e.name))) enums.set(`${e.schema}.${e.name}`, [e.schema, e.name]);
  }
  for (const snapshot of [previous, current]) {
    for (const t of Object.values(snapshot.tables)) {
      const usesEnum = Object.values(t.columns).some((c) => c.typeSchema && enums.has(`${c.typeSchema}.${c.type.replace(/(\[\d*\])+$/, '')}`));
      if (usesEnum) out.set(`${t.schema}.${t.name}`, [t.schema, t.name]);
    }
  }
  return [...out.values(), ...enums.values()];
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
