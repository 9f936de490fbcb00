// Loads a package the way the host sees it: the host's own copy (node_modules at or above the
// host folder) first, so the CLI and the server run the same engine; the CLI's copy otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function entryOf(pkgDir: string): string | undefined {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const dot = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.'] ?? undefined;
  const target = typeof dot === 'string' ? dot : dot?.import ?? dot?.default ?? pkg.module ?? pkg.main;
  const file = target ? join(pkgDir, typeof target === 'string' ? target : target.default) : join(pkgDir, 'index.js');
  return existsSync(file) ? file : undefined;
}

export function findInHost(pkgName: string, hostDir: string): string | undefined {
  for (let dir = hostDir; ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', pkgName);
    if (existsSync(join(pkgDir, 'package.json'))) return entryOf(pkgDir);
    if (dirname(dir) === dir) return undefined;
  }
}

export async function importFromHost<T>(pkgName: string, hostDir: string, fallback: () => Promise<T>): Promise<T> {
  const file = findInHost(pkgName, hostDir);
  if (file) return (await import(pathToFileURL(file).href)) as T;
  return fallback();
}
