import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const CHUNK = 256 * 1024;

/**
 * Writes lines to a file, newline-terminated, in chunks of ~256 KB, waiting for 'drain' when the
 * stream's buffer is full so memory stays flat however many lines come. Returns the line count.
 */
export async function writeLines(file: string, lines: AsyncIterable<string>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  let parts: string[] = [];
  let size = 0;
  try {
    for await (const line of lines) {
      parts.push(line);
      size += line.length + 1;
      count++;
      if (size >= CHUNK) {
        parts.push('');
        const ok = out.write(parts.join('\n'));
        parts = [];
        size = 0;
        if (!ok) await once(out, 'drain');
      }
    }
    if (parts.length > 0) { parts.push(''); out.write(parts.join('\n')); }
    out.end();
    await finished(out);
    return count;
  } catch (e) {
    out.destroy();
    throw e;
  }
}
