import { open } from 'node:fs/promises';
import { intakeError } from './errors.js';

export type ArchiveFormat = 'zip' | 'tgz';

/**
 * Tells a zip (local file header "PK\x03\x04") from a gzip stream (\x1f\x8b) by the file's first
 * bytes. Anything else is refused, whatever the file is called or the client claimed.
 */
export async function sniffFormat(file: string): Promise<ArchiveFormat> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tgz';
  } finally {
    await handle.close();
  }
  throw intakeError('HUB_ARCHIVE_NOT_AN_ARCHIVE', 'The upload is neither a zip nor a gzip-compressed tar (judged by its first bytes).');
}
