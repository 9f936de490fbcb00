import { randomBytes } from 'node:crypto';
import { mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePackageDirSync } from '../discovery/resolvePackageDir.js';

/**
 * What the host gives every uploaded module to import, besides the hub modules it depends on:
 * the same copies the host runs (one @hub/kit, one drizzle-orm). Anything else is bundled.
 */
export const HOST_PROVIDED_PACKAGES = ['@hub/kit', 'drizzle-orm', 'express', 'zod'] as const;

/** This package's folder (dist/ or src/ when run from source): the engine's own dependencies resolve from it. */
const engineDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The folder of each host-provided package, found as the host itself resolves them: from the
 * host's folder, then from @hub/kit's (express, zod), then from the engine's (drizzle-orm).
 */
export function hostPackageDirs(hostDir: string): Map<string, string> {
  const kitDir = resolvePackageDirSync('@hub/kit', hostDir) ?? resolvePackageDirSync('@hub/kit', engineDir);
  const from = [hostDir, kitDir, engineDir].filter((d): d is string => d !== undefined);
  const out = new Map<string, string>();
  for (const name of HOST_PROVIDED_PACKAGES) {
    for (const dir of from) {
      const found = resolvePackageDirSync(name, dir);
      if (found) { out.set(name, found); break; }
    }
  }
  return out;
}

/**
 * Makes `<root>/node_modules/<name>` a link to each folder of `links`, so that code materialized
 * under `root` imports them as if installed next to it. A link is replaced by a rename, so a
 * process importing meanwhile sees the old or the new one, never none.
 */
export async function linkPackages(root: string, links: ReadonlyMap<string, string>): Promise<void> {
  for (const [name, target] of links) {
    const link = join(root, 'node_modules', ...name.split('/'));
    if (await readlink(link).then((t) => t === target, () => false)) continue;
    await mkdir(dirname(link), { recursive: true });
    const temp = `${link}.${randomBytes(6).toString('hex')}.tmp`;
    await symlink(target, temp, 'dir');
    try {
      await rename(temp, link);
    } catch (error) {
      await rm(temp, { force: true });
      // A real folder there (not a link): leave it, the import check reports what does not resolve.
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
    }
  }
}
