import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const HOST_DEPS = ['@hub/core', '@hub/module-base'];

function readJson(file: string): Record<string, any> | undefined {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** A host is a package that depends on @hub/core or @hub/module-base and is not itself a module. */
export function isHostPackage(dir: string): boolean {
  const pkg = readJson(join(dir, 'package.json'));
  if (!pkg || pkg.hub?.module) return false;
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  return HOST_DEPS.some((d) => d in deps);
}

/** The monorepo root (a folder with pnpm-workspace.yaml and apps/hub) at or above `from`. */
export function findMonorepoRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'apps/hub/package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The host folder: --dir, else HUB_HOST_DIR, else the nearest folder at or above cwd whose
 * package.json depends on @hub/core or @hub/module-base; at the monorepo root that is apps/hub;
 * else cwd.
 */
export function resolveHostDir(opts: { dir?: string; cwd: string; env: NodeJS.ProcessEnv }): string {
  if (opts.dir) return resolve(opts.cwd, opts.dir);
  if (opts.env.HUB_HOST_DIR) return resolve(opts.cwd, opts.env.HUB_HOST_DIR);
  for (let dir = resolve(opts.cwd); ; dir = dirname(dir)) {
    if (isHostPackage(dir)) return dir;
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && isHostPackage(join(dir, 'apps/hub'))) return join(dir, 'apps/hub');
    if (dirname(dir) === dir) break;
  }
  return resolve(opts.cwd);
}
