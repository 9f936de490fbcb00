import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import type { HubError } from '@hub/kit';
import { externalBinMissing, externalNpmMissing } from '../errors.js';
import { resolvePackageDirSync } from '../discovery/resolvePackageDir.js';

export interface ExternalDependencies {
  /** Programs that must be on PATH. */
  bin?: readonly string[];
  /** npm packages that must be resolvable from the module's folder. */
  npm?: readonly string[];
}

export interface ExternalCheckOptions {
  /** PATH to search; default process.env.PATH. */
  path?: string;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether `bin` is an executable file in one of the PATH folders (or, given a path, is one). */
export function findOnPath(bin: string, path = process.env.PATH ?? ''): string | undefined {
  if (bin.includes('/')) return isExecutableFile(bin) ? bin : undefined;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, bin);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

/** Whether npm package `pkg` resolves from `moduleDir` (its package.json, else its main export). */
export function isNpmResolvable(pkg: string, moduleDir: string): boolean {
  const require = createRequire(join(moduleDir, 'noop.js'));
  for (const request of [`${pkg}/package.json`, pkg]) {
    try {
      require.resolve(request);
      return true;
    } catch (e) {
      // The package is there but its "exports" hide this path.
      if ((e as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return true;
    }
  }
  return resolvePackageDirSync(pkg, moduleDir) !== undefined;
}

/** Every unmet external dependency, as HUB_EXTERNAL_BIN_MISSING / HUB_EXTERNAL_NPM_MISSING errors. */
export function externalDependencyProblems(moduleName: string, deps: ExternalDependencies, moduleDir: string, options: ExternalCheckOptions = {}): HubError[] {
  const out: HubError[] = [];
  for (const bin of deps.bin ?? []) if (!findOnPath(bin, options.path)) out.push(externalBinMissing(moduleName, bin));
  for (const pkg of deps.npm ?? []) if (!isNpmResolvable(pkg, moduleDir)) out.push(externalNpmMissing(moduleName, pkg));
  return out;
}

/**
 * Checks a module's externalDependencies: each `bin` is an executable on PATH (PATH folders are
 * scanned; nothing is run), each `npm` package resolves from the module's folder. Throws the
 * first unmet one (HUB_EXTERNAL_BIN_MISSING or HUB_EXTERNAL_NPM_MISSING).
 */
export function checkExternalDependencies(moduleName: string, deps: ExternalDependencies, moduleDir: string, options: ExternalCheckOptions = {}): void {
  const [first] = externalDependencyProblems(moduleName, deps, moduleDir, options);
  if (first) throw first;
}
