import { createReadStream, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { isHubError, type HubError } from '@hub/kit';
import { DIR_MODE, fileMode, type ArchiveReader } from './archiveReader.js';
import { ByteBudget } from './byteBudget.js';
import { EntryIndex, type ArchiveEntry } from './entryIndex.js';
import { intakeError } from './errors.js';
import type { IntakeLimits } from './limits.js';
import { writeFailure } from './writeFailure.js';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_TYPES: Record<string, string> = { SymbolicLink: 'a symbolic link', Link: 'a hard link', CharacterDevice: 'a character device', BlockDevice: 'a block device', FIFO: 'a FIFO' };
// Per entry, beyond its data: a header block, padding, and room for a long-name or pax header.
const TAR_OVERHEAD_PER_ENTRY = 4096;
const TAR_OVERHEAD = 1024 * 1024;

const corrupt = (error: unknown) => (isHubError(error) ? error : intakeError('HUB_ARCHIVE_CORRUPT', `The tgz archive cannot be read: ${(error as Error)?.message ?? String(error)}.`, { cause: error }));

/**
 * Pass one over a gzip-compressed tar (npm pack), with node-tar's streaming Parser: every header
 * is checked as it arrives, bodies are discarded. The gunzipped stream itself is metered, so a
 * bomb (or gigabytes of padding after the end of the tar) stops being inflated at the limit.
 */
export async function openTgz(file: string, limits: IntakeLimits): Promise<ArchiveReader> {
  const index = new EntryIndex(limits);
  await parseTgz(file, limits, (entry) => {
    const kind = FILE_TYPES.has(entry.type) ? 'file' : entry.type === 'Directory' ? 'dir' : undefined;
    const shown = JSON.stringify(entry.path);
    if (LINK_TYPES[entry.type]) {
      throw intakeError('HUB_ARCHIVE_LINK_NOT_ALLOWED', `Archive entry ${shown} is ${LINK_TYPES[entry.type]}; only regular files and folders are accepted.`, { details: { entry: entry.path, linkpath: entry.linkpath } });
    }
    if (!kind) throw intakeError('HUB_ARCHIVE_ENTRY_UNSUPPORTED', `Archive entry ${shown} has the unsupported tar type ${entry.type}.`, { details: { entry: entry.path } });
    index.add(entry.path, kind, entry.size, entry.mode ?? 0);
    entry.resume();
  });
  return { index, extract: (dest) => extractTgz(file, index, dest, limits), close: async () => {} };
}

/**
 * Pass two: the same stream again, writing the entries pass one accepted. A tar body is exactly
 * its header's size (that is how tar is framed), so pass one's sum of sizes is the real total.
 */
function extractTgz(file: string, index: EntryIndex, dest: string, limits: IntakeLimits): Promise<void> {
  const accepted = new Map<string, ArchiveEntry>();
  for (const e of index.entries) accepted.set(e.path, e);
  const writers = new Set<WriteStream>();
  const written: Promise<void>[] = [];
  return parseTgz(file, limits, (entry, fail) => {
    const known = accepted.get(entry.path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.').join('/'));
    if (!known) {
      // Pass one saw every header of this file; only the archive root ("./") is skipped.
      entry.resume();
      return;
    }
    const target = join(dest, ...known.segments);
    try {
      mkdirSync(known.kind === 'dir' ? target : join(dest, ...known.segments.slice(0, -1)), { recursive: true, mode: DIR_MODE });
    } catch (error) {
      throw writeFailure(error, known.path);
    }
    if (known.kind === 'dir') {
      entry.resume();
      return;
    }
    const out = createWriteStream(target, { flags: 'wx', mode: fileMode(known.executable) });
    writers.add(out);
    written.push(new Promise<void>((resolve) => {
      out.once('error', (error) => fail(writeFailure(error, known.path)));
      out.once('close', () => (writers.delete(out), resolve()));
    }));
    entry.pipe(out);
  }, async (failed) => {
    if (failed) {
      for (const out of writers) out.destroy();
    }
    await Promise.all(written);
  });
}

/**
 * Streams file → gunzip → meter → tar Parser (strict: every tar warning is an error) and calls
 * `onEntry` for each entry. The first error (thrown by onEntry, or from any stream) stops
 * everything; `settle` runs before the promise settles so writers can be closed or awaited.
 */
async function parseTgz(file: string, limits: IntakeLimits, onEntry: (entry: ReadEntry, fail: (error: unknown) => void) => void, settle: (failed: boolean) => Promise<void> = async () => {}): Promise<void> {
  // Loaded on first use: commands that never take an archive (most of the CLI) do not pay for it.
  const { Parser } = await import('tar');
  const inflated = new ByteBudget(limits.maxUncompressedBytes + limits.maxEntries * TAR_OVERHEAD_PER_ENTRY + TAR_OVERHEAD, () =>
    intakeError('HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE', `The archive unpacks to more than ${limits.maxUncompressedBytes} bytes.`, { details: { limit: limits.maxUncompressedBytes } }));
  return new Promise<void>((resolve, reject) => {
    let failure: HubError | undefined;
    const source = createReadStream(file);
    const gunzip = createGunzip();
    const meter = inflated.meter();
    const parser = new Parser({
      strict: true,
      maxMetaEntrySize: 64 * 1024,
      onReadEntry: (entry: ReadEntry) => {
        if (failure) return void entry.resume();
        try {
          onEntry(entry, fail);
        } catch (error) {
          entry.resume();
          fail(error);
        }
      },
    });
    const fail = (error: unknown) => {
      if (failure) return;
      failure = corrupt(error);
      source.destroy();
      gunzip.destroy();
      meter.destroy();
      parser.abort(failure);
      void settle(true).finally(() => reject(failure));
    };
    source.on('error', (error) => fail(intakeError('HUB_INTAKE_FAILED', 'Reading the uploaded file failed on the server.', { cause: error })));
    gunzip.on('error', fail);
    meter.on('error', fail);
    parser.on('error', fail);
    parser.on('end', () => {
      if (failure) return;
      settle(false).then(() => (failure ? undefined : resolve()), (error) => fail(error));
    });
    // After the tar's end-of-archive blocks node-tar keeps appending whatever follows to one
    // buffer (quadratic, unbounded), so the rest is only inflated and metered, never parsed:
    // the gzip checksum is still verified and the budget still bounds the work.
    let sawEnd = false;
    parser.on('eof', () => {
      sawEnd = true;
      meter.resume();
    });
    meter.on('data', (chunk: Buffer) => {
      if (sawEnd || failure) return;
      if (!parser.write(chunk)) {
        meter.pause();
        parser.once('drain', () => meter.resume());
      }
    });
    meter.on('end', () => {
      if (!failure) parser.end();
    });
    source.pipe(gunzip).pipe(meter);
  });
}
