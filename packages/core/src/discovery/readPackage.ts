import { readFile } from 'node:fs/promises';

/** A package.json as discovery reads it; only the fields Hub looks at are typed. */
export interface PackageJson {
  name?: unknown;
  version?: unknown;
  description?: unknown;
  author?: unknown;
  license?: unknown;
  homepage?: unknown;
  main?: unknown;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  hub?: { module?: unknown; summary?: unknown; category?: unknown; application?: unknown; autoInstall?: unknown; extensions?: unknown };
}

export type ReadResult = { ok: true; pkg: PackageJson } | { ok: false; missing: boolean; problem: string };

/** Reads and parses `<dir>/package.json`. Never throws. */
export async function readPackage(dir: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(`${dir}/package.json`, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', problem: `cannot be read (${code ?? String(e)})` };
  }
  try {
    const pkg = JSON.parse(text) as unknown;
    if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) return { ok: false, missing: false, problem: 'is not a JSON object' };
    return { ok: true, pkg: pkg as PackageJson };
  } catch (e) {
    return { ok: false, missing: false, problem: `is not valid JSON (${(e as Error).message})` };
  }
}

/** A cache of readPackage per folder, for one discovery run. */
export function packageReader(): (dir: string) => Promise<ReadResult> {
  const cache = new Map<string, Promise<ReadResult>>();
  return (dir) => {
    let hit = cache.get(dir);
    if (!hit) { hit = readPackage(dir); cache.set(dir, hit); }
    return hit;
  };
}
