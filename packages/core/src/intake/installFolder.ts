import { randomBytes } from 'node:crypto';
import { cp, lstat, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { intakeError } from './errors.js';

/**
 * Moves the validated folder `staged` to `target` with rename(2), so the module appears whole or
 * not at all. With `replace`, the old folder is first renamed aside (a hidden sibling), the new
 * one renamed in, then the old one removed; if renaming the new one in fails, the old one is put
 * back. When `staged` is on another file system than `target` (a tmpDir elsewhere), it is first
 * copied to a hidden sibling of `target`, so the step that makes it visible is still a rename.
 */
export async function installFolder(staged: string, target: string, options: { replace: boolean; module: string }): Promise<{ replaced: boolean }> {
  const exists = await lstat(target).then(() => true, (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)));
  if (exists && !options.replace) {
    throw intakeError('HUB_ARCHIVE_EXISTS', `The addons folder already has a module "${options.module}".`, { module: options.module });
  }
  const hidden = (what: string) => join(dirname(target), `.${basename(target)}.${what}-${randomBytes(6).toString('hex')}`);
  let incoming = staged;
  let copy: string | undefined;
  try {
    if ((await stat(staged)).dev !== (await stat(dirname(target))).dev) {
      copy = incoming = hidden('incoming');
      await cp(staged, copy, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true });
    }
    if (!exists) {
      await rename(incoming, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') {
          throw intakeError('HUB_ARCHIVE_EXISTS', `The addons folder already has a module "${options.module}".`, { module: options.module });
        }
        throw error;
      });
      return { replaced: false };
    }
    const aside = hidden('previous');
    await rename(target, aside);
    try {
      await rename(incoming, target);
    } catch (error) {
      await rename(aside, target);
      throw error;
    }
    await rm(aside, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    return { replaced: true };
  } finally {
    if (copy) await rm(copy, { recursive: true, force: true }).catch(() => {});
  }
}
