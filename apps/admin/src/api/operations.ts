// Follows a long operation: GET /api/v1/operations/{id}/events (server-sent events read through
// fetch, with the bearer header), whose closing `done` event is the operation; without a stream,
// polls GET /api/v1/operations/{id} until it is no longer running.
import { HubApiError, readEvents } from '@hub/api/lite';
import type { AdminClient } from './client';
import { operationFailure } from './hub';
import type { Operation, OperationResult, ProgressEvent } from './types';

export interface FollowOptions {
  onEvent?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  pollMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The operation's result when it succeeded; its error, thrown, when it failed. */
function outcome(op: Operation): OperationResult | undefined {
  if (op.status === 'failed') throw operationFailure(op);
  return op.result ?? undefined;
}

export async function followOperation(client: AdminClient, operationId: string, opts: FollowOptions = {}): Promise<OperationResult | undefined> {
  const params = { id: operationId };
  let final: Operation | undefined;
  try {
    const res = await client.hub.raw('operationEvents', { params }, { headers: { accept: 'text/event-stream' }, signal: opts.signal });
    await readEvents(res, (e) => {
      if (e.event === 'done') final = e.data;
      else opts.onEvent?.(e.data);
    }, opts.signal);
  } catch (e) {
    if (HubApiError.is(e) && e.status === 401) throw e;
    if ((e as Error)?.name === 'AbortError') throw e;
    // No stream (a proxy that buffers, or it ended early): poll below.
  }
  if (final && final.status !== 'running') return outcome(final);
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  for (let i = 0; ; i++) {
    const op = await client.hub.call('getOperation', { params }, { signal: opts.signal });
    if (op.status !== 'running') return outcome(op);
    if (Date.now() > deadline) throw new HubApiError(0, { error: 'The operation is still running', code: 'HUB_TIMEOUT', hint: 'It continues on the server; check the Operations page later.' });
    await sleep(i < 10 ? (opts.pollMs ?? 300) : 1000);
  }
}
