import { join } from 'node:path';

const CONDITIONS = ['import', 'node', 'default'];

function pick(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) { const p = pick(t); if (p) return p; }
    return undefined;
  }
  if (target && typeof target === 'object') {
    const obj = target as Record<string, unknown>;
    for (const c of CONDITIONS) if (c in obj) { const p = pick(obj[c]); if (p) return p; }
  }
  return undefined;
}

/**
 * The absolute entry file of a package: exports["."] (import, node or default condition), then
 * "main", then index.js. Resolves the path only; does not check that the file exists.
 */
export function entryOf(pkg: { exports?: unknown; main?: unknown }, dir: string): string {
  const { exports } = pkg;
  let target: unknown;
  if (typeof exports === 'string' || Array.isArray(exports)) target = exports;
  else if (exports && typeof exports === 'object') {
    const keys = Object.keys(exports);
    target = keys.some((k) => k.startsWith('.')) ? (exports as Record<string, unknown>)['.'] : exports;
  }
  const rel = pick(target) ?? (typeof pkg.main === 'string' && pkg.main ? pkg.main : 'index.js');
  return join(dir, rel);
}
