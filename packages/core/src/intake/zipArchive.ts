import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';
import { createRequire } from 'node:module';
import { isHubError } from '@hub/kit';
import { DIR_MODE, fileMode, type ArchiveReader } from './archiveReader.js';
import { ByteBudget } from './byteBudget.js';
import { EntryIndex, type ArchiveEntry } from './entryIndex.js';
import { intakeError } from './errors.js';
import type { IntakeLimits } from './limits.js';
import { writeFailure } from './writeFailure.js';

// Loaded on first use: commands that never take an archive (most of the CLI) do not pay for it.
type Yauzl = typeof import('yauzl') & {
  // yauzl exports this but @types/yauzl does not declare it.
  getFileNameLowLevel(flags: number, raw: Buffer, extraFields: Entry['extraFields'], strict: boolean): string;
};
let loaded: Yauzl | undefined;
const yauzlLib = (): Yauzl => (loaded ??= createRequire(import.meta.url)('yauzl') as Yauzl);

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const UNIX_HOST = 3;
const NOT_REGULAR: Record<number, string> = { 0o120000: 'a symbolic link', 0o020000: 'a character device', 0o060000: 'a block device', 0o010000: 'a FIFO', 0o140000: 'a socket' };

const corrupt = (error: unknown) => (isHubError(error) ? error : intakeError('HUB_ARCHIVE_CORRUPT', `The zip archive cannot be read: ${(error as Error)?.message ?? String(error)}.`, { cause: error }));

/**
 * Pass one over a zip, with yauzl: the central directory is read entry by entry (lazyEntries)
 * and every entry is checked before any data is inflated or written.
 */
export async function openZip(file: string, limits: IntakeLimits): Promise<ArchiveReader> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzlLib().open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (error, z) => (error ? reject(corrupt(error)) : resolve(z)));
  });
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw intakeError('HUB_ARCHIVE_TOO_MANY_ENTRIES', `The archive has ${zip.entryCount} entries, more than ${limits.maxEntries}.`, { details: { limit: limits.maxEntries, entries: zip.entryCount } });
    }
    const index = new EntryIndex(limits);
    const sources = new Map<ArchiveEntry, Entry>();
    for (let raw = await nextEntry(zip); raw; raw = await nextEntry(zip)) {
      const entry = index.add(...describe(raw));
      if (entry && entry.kind === 'file') sources.set(entry, raw);
    }
    return {
      index,
      extract: (dest) => extractZip(zip, index, sources, dest, limits),
      close: async () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw corrupt(error);
  }
}

/** Name, kind, declared size and mode of a central directory entry; refuses what is not a regular file or folder. */
function describe(raw: Entry): [string, 'file' | 'dir', number, number] {
  const name = yauzlLib().getFileNameLowLevel(raw.generalPurposeBitFlag, (raw as unknown as { fileNameRaw: Buffer }).fileNameRaw, raw.extraFields, false);
  const mode = raw.versionMadeBy >>> 8 === UNIX_HOST ? raw.externalFileAttributes >>> 16 : 0;
  const type = mode & S_IFMT;
  const shown = JSON.stringify(name);
  if (NOT_REGULAR[type]) {
    throw intakeError('HUB_ARCHIVE_LINK_NOT_ALLOWED', `Archive entry ${shown} is ${NOT_REGULAR[type]}; only regular files and folders are accepted.`, { details: { entry: name } });
  }
  if (type !== 0 && type !== S_IFDIR && type !== S_IFREG) {
    throw intakeError('HUB_ARCHIVE_ENTRY_UNSUPPORTED', `Archive entry ${shown} has an unknown file type (mode ${type.toString(8)}).`, { details: { entry: name } });
  }
  if (raw.isEncrypted()) {
    throw intakeError('HUB_ARCHIVE_ENTRY_UNSUPPORTED', `Archive entry ${shown} is encrypted.`, { details: { entry: name } });
  }
  // A folder: trailing "/", a unix folder mode, or the MS-DOS folder attribute (0x10) on an empty entry.
  const isDir = name.endsWith('/') || type === S_IFDIR || (type === 0 && (raw.externalFileAttributes & 0x10) !== 0 && raw.uncompressedSize === 0);
  if (isDir) {
    if (raw.uncompressedSize !== 0) throw intakeError('HUB_ARCHIVE_CORRUPT', `Archive entry ${shown} is a folder with content.`);
    return [name, 'dir', 0, mode];
  }
  if (raw.compressionMethod !== 0 && raw.compressionMethod !== 8) {
    throw intakeError('HUB_ARCHIVE_ENTRY_UNSUPPORTED', `Archive entry ${shown} uses compression method ${raw.compressionMethod}; only stored and deflate are read.`, { details: { entry: name } });
  }
  return [name, 'file', raw.uncompressedSize, mode];
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const done = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (done(), resolve(entry));
    const onEnd = () => (done(), resolve(undefined));
    const onError = (error: Error) => (done(), reject(corrupt(error)));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/**
 * Pass two: inflates each file into `dest`. Bytes are counted as they come out of the inflater
 * and the stream is destroyed at the limit, whatever the headers declared (yauzl also checks that
 * each entry inflates to exactly its declared size).
 */
async function extractZip(zip: ZipFile, index: EntryIndex, sources: Map<ArchiveEntry, Entry>, dest: string, limits: IntakeLimits): Promise<void> {
  const budget = new ByteBudget(limits.maxUncompressedBytes, () => intakeError('HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', `The archive unpacks to more than ${limits.maxUncompressedBytes} bytes.`, { details: { limit: limits.maxUncompressedBytes } }));
  for (const entry of index.entries) {
    const target = join(dest, ...entry.segments);
    if (entry.kind === 'dir') {
      await mkdir(target, { recursive: true, mode: DIR_MODE }).catch((error) => { throw writeFailure(error, entry.path); });
      continue;
    }
    await mkdir(join(dest, ...entry.segments.slice(0, -1)), { recursive: true, mode: DIR_MODE }).catch((error) => { throw writeFailure(error, entry.path); });
    const source = await new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(sources.get(entry)!, (error, stream) => (error ? reject(corrupt(error)) : resolve(stream)));
    });
    let sourceError: unknown;
    source.once('error', (error) => { sourceError ??= error; });
    try {
      await pipeline(source, budget.meter(), createWriteStream(target, { flags: 'wx', mode: fileMode(entry.executable) }));
    } catch (error) {
      if (isHubError(error)) throw error;
      if (sourceError !== undefined) throw corrupt(sourceError);
      throw writeFailure(error, entry.path);
    }
  }
}
