// Versions of the @hub packages a scaffolded project should depend on: the monorepo's own
// packages when the CLI runs from it, otherwise the versions installed beside the CLI.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMonorepoRoot } from '../hostDir.js';

export const HUB_PACKAGES = {
  '@hub/kit': 'packages/kit',
  '@hub/core': 'packages/core',
  '@hub/server': 'packages/server',
  '@hub/cli': 'apps/cli',
  '@hub/module-base': 'modules/base',
  '@hub/tooling': 'tooling',
} as const;
export type HubPackage = keyof typeof HUB_PACKAGES;

/** The @hub/cli package folder. */
export function cliRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === '@hub/cli') return dir;
    if (dirname(dir) === dir) throw new Error('cannot find the @hub/cli package folder');
  }
}

/** The monorepo the CLI itself lives in, if any. */
export function cliMonorepo(): string | undefined {
  return findMonorepoRoot(cliRoot());
}

export function hubVersion(pkg: HubPackage): string {
  const repo = cliMonorepo();
  if (repo) {
    const pj = join(repo, HUB_PACKAGES[pkg], 'package.json');
    if (existsSync(pj)) return JSON.parse(readFileSync(pj, 'utf8')).version;
  }
  try {
    const require = createRequire(join(cliRoot(), 'package.json'));
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return JSON.parse(readFileSync(join(cliRoot(), 'package.json'), 'utf8')).version;
  }
}

/** Folder of the module template: tooling/template in the monorepo, else the copy shipped in the package. */
export function templateDir(): string {
  const repo = cliMonorepo();
  if (repo && existsSync(join(repo, 'tooling/template'))) return join(repo, 'tooling/template');
  return join(cliRoot(), 'template');
}
