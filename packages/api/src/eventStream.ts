// Server-sent events read from a fetch Response (EventSource cannot send the bearer header),
// without zod: events.ts checks each one against its schema, the lite entry takes them as typed.
import type { Operation, ProgressEvent } from './schemas/operations.js';

export type ServerEvent = { event: 'step'; data: ProgressEvent } | { event: 'done'; data: Operation };

/** Reads one event's data as its type, or refuses it (undefined). */
export type EventCheck = (event: ServerEvent['event'], data: unknown) => ServerEvent['data'] | undefined;

/** Takes an event's data as typed: an object is accepted (the lite entry, where answers are not checked). */
export const trustEvent: EventCheck = (_event, data) => (typeof data === 'object' && data !== null ? data as ServerEvent['data'] : undefined);

/**
 * Reads GET /operations/{id}/events: calls onEvent with each `step` and the final `done` that
 * `check` accepts (events of other names and malformed ones are skipped). Resolves when the
 * stream ends.
 */
export async function readEventStream(res: Response, onEvent: (e: ServerEvent) => void, check: EventCheck, signal?: AbortSignal): Promise<void> {
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => { reader.cancel().catch(() => undefined); };
  signal?.addEventListener('abort', stop, { once: true });
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        dispatch(block, onEvent, check);
      }
    }
    if (buffer.trim()) dispatch(buffer, onEvent, check);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

function dispatch(block: string, onEvent: (e: ServerEvent) => void, check: EventCheck): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (event !== 'step' && event !== 'done') return;
  let json: unknown;
  try { json = JSON.parse(data.join('\n')); } catch { return; }
  const read = check(event, json);
  if (read !== undefined) onEvent({ event, data: read } as ServerEvent);
}
