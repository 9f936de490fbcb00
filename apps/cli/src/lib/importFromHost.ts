// Loads a package the way the host sees it: the host's own copy (node_modules at or above the
// host folder) first, so the CLI and the server run the same engine; the CLI's copy otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file an import of `<package><subpath>` loads ('.' is the main entry), if the package has it. */
function entryOf(pkgDir: string, subpath = '.'): string | undefined {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  let target: unknown;
  if (subpath === '.') {
    const dot = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.'] ?? undefined;
    target = typeof dot === 'string' ? dot : dot?.import ?? dot?.default ?? pkg.module ?? pkg.main;
  } else {
    const entry = pkg.exports?.[subpath];
    target = typeof entry === 'string' ? entry : entry?.import ?? entry?.default;
    if (!target) return undefined;
  }
  const file = target ? join(pkgDir, typeof target === 'string' ? target : (target as { default: string }).default) : join(pkgDir, 'index.js');
  return existsSync(file) ? file : undefined;
}

function packageDirInHost(pkgName: string, hostDir: string): string | undefined {
  for (let dir = hostDir; ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', pkgName);
    if (existsSync(join(pkgDir, 'package.json'))) return pkgDir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function findInHost(pkgName: string, hostDir: string): string | undefined {
  const pkgDir = packageDirInHost(pkgName, hostDir);
  return pkgDir ? entryOf(pkgDir) : undefined;
}

export async function importFromHost<T>(pkgName: string, hostDir: string, fallback: () => Promise<T>): Promise<T> {
  const file = findInHost(pkgName, hostDir);
  if (file) return (await import(pathToFileURL(file).href)) as T;
  return fallback();
}

/**
 * `<package><subpath>` (e.g. '@hub/core', './list-snapshot') of the host's copy; undefined when the
 * host's copy has no such entry (an older version). The CLI's own copy only if the host has none.
 */
export async function importSubpathFromHost<T>(pkgName: string, subpath: string, hostDir: string, fallback: () => Promise<T>): Promise<T | undefined> {
  const pkgDir = packageDirInHost(pkgName, hostDir);
  if (!pkgDir) return fallback();
  const file = entryOf(pkgDir, subpath);
  return file ? ((await import(pathToFileURL(file).href)) as T) : undefined;
}
