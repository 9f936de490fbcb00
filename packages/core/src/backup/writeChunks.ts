import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const NEWLINE = 0x0a;

/**
 * Writes COPY text output to a file as it arrives, waiting for 'drain' when the stream's buffer
 * is full so memory stays flat. Returns the number of rows: in COPY text format every newline
 * ends a row (newlines inside values are written as \n).
 */
export async function writeCopyOutput(file: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  try {
    for await (const chunk of chunks) {
      for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) rows++;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    return rows;
  } catch (e) {
    out.destroy();
    throw e;
  }
}
