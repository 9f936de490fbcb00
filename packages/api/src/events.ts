// Server-sent events read from a fetch Response (EventSource cannot send the bearer header).
import { operationEvents, type Operation, type ProgressEvent } from './schemas/operations.js';

export type ServerEvent = { event: 'step'; data: ProgressEvent } | { event: 'done'; data: Operation };

/**
 * Reads GET /operations/{id}/events: calls onEvent with each `step` and the final `done`, each
 * checked against its schema (events of other names and malformed ones are skipped). Resolves
 * when the stream ends.
 */
export async function readEvents(res: Response, onEvent: (e: ServerEvent) => void, signal?: AbortSignal): Promise<void> {
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
        dispatch(block, onEvent);
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

function dispatch(block: string, onEvent: (e: ServerEvent) => void): void {
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
  const parsed = operationEvents[event].safeParse(json);
  if (parsed.success) onEvent({ event, data: parsed.data } as ServerEvent);
}
