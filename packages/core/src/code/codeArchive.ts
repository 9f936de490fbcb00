import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';

/**
 * The stored form of a module's code: a gzipped tar of its files (regular files only, portable
 * headers). Its bytes need not be identical between runs: the code's identity is the tree hash.
 */
export async function packTree(dir: string, paths: readonly string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = tar.create({ cwd: dir, gzip: true, portable: true, noMtime: true, noDirRecurse: true }, [...paths]);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Extracts stored code into `dir` (which must exist). Anything but regular files and folders is refused. */
export async function unpackTree(bytes: Uint8Array, dir: string): Promise<void> {
  await pipeline(
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    tar.extract({ cwd: dir, strict: true, filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory') }),
  );
}
