import { entryPathSegments } from './entryPath.js';
import { intakeError } from './errors.js';
import type { IntakeLimits } from './limits.js';

export type EntryKind = 'file' | 'dir';

export interface ArchiveEntry {
  /** Relative path inside the archive, "/"-separated, normalized (top folder included). */
  path: string;
  segments: string[];
  kind: EntryKind;
  /** Declared size (zip header; tar header, which is exact). */
  size: number;
  /** Any execute bit in the archived mode: written 0755, otherwise 0644. */
  executable: boolean;
}

/**
 * What pass one learns about an archive, checked entry by entry as headers are read, before
 * anything is written: entry count, declared sizes, paths, duplicates (also after Unicode
 * normalization and ignoring case, so no file system can merge two entries), a file that is
 * also a folder, and the single top-level folder.
 */
export class EntryIndex {
  readonly entries: ArchiveEntry[] = [];
  private readonly explicit = new Map<string, EntryKind>();
  private readonly byPath = new Map<string, ArchiveEntry>();
  private readonly folders = new Set<string>();
  private count = 0;
  private declaredBytes = 0;
  private top: string | undefined;

  constructor(private readonly limits: IntakeLimits) {}

  /** Records one entry; returns undefined for the archive root ("./"). Throws the first problem. */
  add(rawPath: string, kind: EntryKind, size: number, mode = 0): ArchiveEntry | undefined {
    this.count += 1;
    if (this.count > this.limits.maxEntries) {
      throw intakeError('HUB_ARCHIVE_TOO_MANY_ENTRIES', `The archive has more than ${this.limits.maxEntries} entries.`, { details: { limit: this.limits.maxEntries } });
    }
    const segments = entryPathSegments(rawPath);
    if (segments.length === 0) {
      if (kind === 'dir') return undefined;
      throw intakeError('HUB_ARCHIVE_PATH_INVALID', `Archive entry ${JSON.stringify(rawPath)} is a file without a name.`);
    }
    this.checkTop(segments, kind, rawPath);
    this.declaredBytes += kind === 'file' ? size : 0;
    if (this.declaredBytes > this.limits.maxUncompressedBytes) {
      throw intakeError('HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', `The archive unpacks to more than ${this.limits.maxUncompressedBytes} bytes (entry ${JSON.stringify(rawPath)} declares ${size} bytes).`, { details: { limit: this.limits.maxUncompressedBytes } });
    }
    const path = segments.join('/');
    const key = keyOf(path);
    const duplicate = (why: string) => intakeError('HUB_ARCHIVE_DUPLICATE_ENTRY', `Archive entry ${JSON.stringify(rawPath)} ${why}.`, { details: { entry: rawPath } });
    if (this.explicit.has(key)) throw duplicate('appears more than once');
    if (kind === 'file' && this.folders.has(key)) throw duplicate('is both a file and a folder');
    const ancestors: string[] = [];
    for (let i = 1; i < segments.length; i++) ancestors.push(keyOf(segments.slice(0, i).join('/')));
    if (ancestors.some((a) => this.explicit.get(a) === 'file')) throw duplicate('is inside a path that is also a file');
    this.explicit.set(key, kind);
    for (const a of ancestors) this.folders.add(a);
    if (kind === 'dir') this.folders.add(key);
    const entry: ArchiveEntry = { path, segments, kind, size: kind === 'file' ? size : 0, executable: (mode & 0o111) !== 0 };
    this.entries.push(entry);
    this.byPath.set(path.normalize('NFC'), entry);
    return entry;
  }

  /** The one top-level folder (throws when the archive is empty). */
  topFolder(): string {
    if (this.top === undefined) throw intakeError('HUB_ARCHIVE_TOP_FOLDER', 'The archive is empty: it must contain one top-level folder holding the module.');
    return this.top;
  }

  /** The entry at exactly `path` (normalized, "/"-separated, case-sensitive), if the archive has one. */
  find(path: string): ArchiveEntry | undefined {
    return this.byPath.get(path.normalize('NFC'));
  }

  private checkTop(segments: string[], kind: EntryKind, rawPath: string): void {
    if (segments.length === 1 && kind === 'file') {
      throw intakeError('HUB_ARCHIVE_TOP_FOLDER', `The archive has the file ${JSON.stringify(rawPath)} at its top level: everything must be inside one top-level folder.`);
    }
    const first = segments[0];
    if (this.top === undefined) this.top = first;
    else if (first !== this.top) {
      throw intakeError('HUB_ARCHIVE_TOP_FOLDER', `The archive has more than one top-level folder (${JSON.stringify(this.top)} and ${JSON.stringify(first)}).`);
    }
  }
}

function keyOf(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
