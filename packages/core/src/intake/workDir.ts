import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export interface WorkDir {
  dir: string;
  /** Removes the folder, and the folders created to hold it when they are left empty. */
  remove(): Promise<void>;
}

/**
 * A fresh private folder (0700) inside `root` for one intake. Folders made to hold it are removed
 * with it when empty; `ownRoot` says `root` is the intake's own hidden folder, removed when empty
 * even if an earlier intake created it.
 */
export async function createWorkDir(root: string, ownRoot: boolean): Promise<WorkDir> {
  for (let attempt = 0; ; attempt++) {
    const created = await mkdir(root, { recursive: true, mode: 0o700 });
    try {
      const dir = await mkdtemp(join(root, 'upload-'));
      return { dir, remove: () => removeWorkDir(dir, root, created ?? (ownRoot ? root : undefined)) };
    } catch (error) {
      // A concurrent intake may have removed the (empty) root between the two calls.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
    }
  }
}

async function removeWorkDir(dir: string, root: string, topmostCreated: string | undefined): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  if (topmostCreated === undefined) return;
  for (let folder = root; ; folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return; // not empty (another intake is using it) or already gone
    }
    if (folder === topmostCreated || relative(topmostCreated, folder).startsWith('..') || folder === dirname(folder)) return;
  }
}
