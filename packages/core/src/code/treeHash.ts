import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** One regular file of a module's folder: its path with "/" separators, exec bit and content hash. */
export interface TreeFile {
  path: string;
  executable: boolean;
  size: number;
  sha256: string;
}

export interface TreeListing {
  /** sha256 of the sorted listing: the identity of the module's code. */
  sha256: string;
  files: TreeFile[];
  bytes: number;
}

/** Every regular file under `dir` (folders walked, links not followed), sorted by path. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * The sha256 of a module folder's content: a line per regular file (exec bit, size, sha256 of the
 * bytes, path), sorted by path. Times, owners and empty folders do not count, so the same files
 * give the same hash on every machine, whatever archive format carried them.
 */
export async function hashTree(dir: string): Promise<TreeListing> {
  const files: TreeFile[] = [];
  for (const path of await listTree(dir)) {
    const full = join(dir, ...path.split('/'));
    const [info, bytes] = await Promise.all([stat(full), readFile(full)]);
    files.push({ path, executable: (info.mode & 0o111) !== 0, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return { sha256: hashListing(files), files, bytes: files.reduce((n, f) => n + f.size, 0) };
}

export function hashListing(files: readonly TreeFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.executable ? 'x' : '-'} ${f.size} ${f.sha256} ${f.path}\n`);
  return hash.digest('hex');
}

/** size:mtime:inode of every file under `dir`: unchanged stamps mean unchanged files (no re-hash). */
export async function treeStamp(dir: string): Promise<string> {
  const paths = await listTree(dir);
  const stats = await Promise.all(paths.map((p) => stat(join(dir, ...p.split('/')))));
  return paths.map((p, i) => `${p}:${stats[i]!.size}:${stats[i]!.mtimeMs}:${stats[i]!.ino}:${stats[i]!.mode}`).join('\n');
}
