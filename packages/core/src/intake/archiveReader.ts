import type { EntryIndex } from './entryIndex.js';

/**
 * An archive after pass one: every header has been read and checked (paths, types, duplicates,
 * counts, declared sizes) and nothing has been written. `extract` is pass two.
 */
export interface ArchiveReader {
  readonly index: EntryIndex;
  /** Writes the archive's regular files and folders under `dest` (an empty folder we own). */
  extract(dest: string): Promise<void>;
  close(): Promise<void>;
}

/** Regular files are written 0644, or 0755 when any execute bit was set; never setuid/setgid/sticky. */
export function fileMode(executable: boolean): number {
  return executable ? 0o755 : 0o644;
}
export const DIR_MODE = 0o755;
