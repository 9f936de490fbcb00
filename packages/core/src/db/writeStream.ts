import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

const BATCH = 1024 * 1024;

export function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Writes a byte stream to a file in ~1 MiB writes, pausing the source while the file's buffer is
 * full. COPY sends one message per row: one write (or one await) per message would cost more than
 * the server's work. Returns the number of newlines written.
 */
export function writeStream(source: Readable, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    let lines = 0;
    let parts: Buffer[] = [];
    let size = 0;
    const flush = () => {
      const ok = out.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
      parts = [];
      size = 0;
      return ok;
    };
    const fail = (error: Error) => { source.unpipe?.(); out.destroy(); reject(error); };
    source.on('data', (chunk: Buffer) => {
      lines += countNewlines(chunk);
      parts.push(chunk);
      size += chunk.length;
      if (size >= BATCH && !flush()) {
        source.pause();
        out.once('drain', () => source.resume());
      }
    });
    source.once('end', () => { if (size > 0) flush(); out.end(); });
    source.once('error', fail);
    out.once('error', fail);
    out.once('finish', () => resolve(lines));
  });
}
