import { resolve } from './renameEnumsAndSequences.js';
import type { Snapshot } from './types.js';

const lastPart = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/**
 * The rename hints (as `'from' -> 'to'`) that name nothing in any of `snapshots`: neither name is
 * a table, enum or sequence there, nor, for 'owner.old' keys, a column of that table or a value
 * of that enum (the owner named by its old or new name). Such a hint is a typo or a leftover, and
 * ignoring it would turn the intended rename into a drop and an add.
 */
export function unknownRenameHints(snapshots: Snapshot[], renames: Record<string, string>, moduleName: string): string[] {
  const entries = Object.entries(renames);
  // Names of a table or enum in hints: either one finds the other's columns or values.
  const other = new Map<string, string[]>();
  for (const [from, to] of entries) {
    other.set(lastPart(from), [...(other.get(lastPart(from)) ?? []), to]);
    other.set(to, [...(other.get(to) ?? []), lastPart(from)]);
  }
  const names = (from: string, to: string) => {
    const prefix = from.includes('.') ? from.slice(0, from.lastIndexOf('.') + 1) : '';
    return snapshots.some((snapshot) => (['tables', 'enums', 'sequences'] as const).some((group) =>
      resolve(snapshot, group, from, moduleName) || resolve(snapshot, group, `${prefix}${to}`, moduleName)));
  };
  const namesPart = (from: string, to: string) => {
    const dot = from.lastIndexOf('.');
    if (dot <= 0) return false;
    const ownerRef = from.slice(0, dot);
    const schemaPrefix = ownerRef.includes('.') ? ownerRef.slice(0, ownerRef.lastIndexOf('.') + 1) : '';
    const refs = [ownerRef, ...(other.get(lastPart(ownerRef)) ?? []).map((n) => `${schemaPrefix}${n}`)];
    const parts = [from.slice(dot + 1), to];
    return snapshots.some((snapshot) => refs.some((ref) => {
      const table = resolve(snapshot, 'tables', ref, moduleName) as { columns?: Record<string, unknown> } | undefined;
      if (table && parts.some((p) => table.columns?.[p])) return true;
      const e = resolve(snapshot, 'enums', ref, moduleName) as { values?: string[] } | undefined;
      return Boolean(e && parts.some((p) => e.values?.includes(p)));
    }));
  };
  return entries.filter(([from, to]) => !names(from, to) && !namesPart(from, to)).map(([from, to]) => `'${from}' -> '${to}'`);
}
