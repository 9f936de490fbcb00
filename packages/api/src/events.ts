// Server-sent events of an operation, each checked against its schema.
import { operationEvents } from './schemas/operations.js';
import { readEventStream, type EventCheck, type ServerEvent } from './eventStream.js';

export type { ServerEvent } from './eventStream.js';

const checkEvent: EventCheck = (event, data) => {
  const parsed = operationEvents[event].safeParse(data);
  return parsed.success ? parsed.data : undefined;
};

/**
 * Reads GET /operations/{id}/events: calls onEvent with each `step` and the final `done`, each
 * checked against its schema (events of other names and malformed ones are skipped). Resolves
 * when the stream ends.
 */
export function readEvents(res: Response, onEvent: (e: ServerEvent) => void, signal?: AbortSignal): Promise<void> {
  return readEventStream(res, onEvent, checkEvent, signal);
}
