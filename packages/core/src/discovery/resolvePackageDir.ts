import { existsSync, realpathSync } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The node_modules folders Node searches from `fromDir`, nearest first (skipping node_modules/node_modules). */
export function nodeModulesPaths(fromDir: string): string[] {
  const out: string[] = [];
  let dir = fromDir;
  for (;;) {
    if (basename(dir) !== 'node_modules') out.push(join(dir, 'node_modules'));
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/**
 * Finds the folder of package `name` as Node would from `fromDir` (walking up node_modules
 * folders, so pnpm's symlinked layout works) and returns its real path, or undefined.
 * Only looks for `<name>/package.json`: package "exports" do not matter here.
 */
export async function resolvePackageDir(name: string, fromDir: string): Promise<string | undefined> {
  for (const nm of nodeModulesPaths(fromDir)) {
    const dir = join(nm, name);
    try {
      await access(join(dir, 'package.json'));
      return await realpath(dir);
    } catch {
      // not here; keep walking up
    }
  }
  return undefined;
}

/**
 * A resolvePackageDir with caches for one discovery run: node_modules folders that do not exist
 * are skipped, and each (folder, name) lookup is done once.
 */
export function packageDirResolver(): (name: string, fromDir: string) => Promise<string | undefined> {
  const folderExists = new Map<string, Promise<boolean>>();
  const found = new Map<string, Promise<string | undefined>>();
  const exists = (nm: string) => {
    let hit = folderExists.get(nm);
    if (!hit) { hit = access(nm).then(() => true, () => false); folderExists.set(nm, hit); }
    return hit;
  };
  const lookup = (nm: string, name: string) => {
    const key = `${nm}\0${name}`;
    let hit = found.get(key);
    if (!hit) {
      const dir = join(nm, name);
      hit = access(join(dir, 'package.json')).then(() => realpath(dir), () => undefined);
      found.set(key, hit);
    }
    return hit;
  };
  return async (name, fromDir) => {
    for (const nm of nodeModulesPaths(fromDir)) {
      if (!(await exists(nm))) continue;
      const dir = await lookup(nm, name);
      if (dir) return dir;
    }
    return undefined;
  };
}

/** Synchronous resolvePackageDir. */
export function resolvePackageDirSync(name: string, fromDir: string): string | undefined {
  for (const nm of nodeModulesPaths(fromDir)) {
    const dir = join(nm, name);
    if (existsSync(join(dir, 'package.json'))) return realpathSync(dir);
  }
  return undefined;
}
