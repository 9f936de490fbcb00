// Follows a long operation: GET /api/v1/operations/{id}/events (SSE read through fetch, with the
// bearer header), then GET /api/v1/operations/{id} for the outcome. Falls back to polling.
import type { ApiClient } from './client';
import { ApiError } from './errors';
import { readSse } from './sse';
import type { ErrorBody, OperationResult, OperationStatus, ProgressEvent } from './types';

const DONE = new Set(['done', 'succeeded', 'success', 'completed', 'ok', 'finished']);
const FAILED = new Set(['error', 'failed', 'failure']);

function outcome(s: OperationStatus): 'running' | 'done' | 'failed' {
  const st = String(s.status ?? s.state ?? '').toLowerCase();
  if (FAILED.has(st) || (s.error && !DONE.has(st))) return 'failed';
  if (DONE.has(st) || (s.result && !st)) return 'done';
  return 'running';
}

function errorOf(s: OperationStatus, last?: ProgressEvent): ApiError {
  const e = s.error as ErrorBody | string | undefined;
  if (typeof e === 'string') return new ApiError(500, { error: e, code: 'HUB_OPERATION_FAILED' });
  if (e && typeof e === 'object') return new ApiError(500, { code: 'HUB_OPERATION_FAILED', ...e, error: e.error ?? (e as { message?: string }).message ?? 'Operation failed' });
  return new ApiError(500, { error: last?.message ?? 'Operation failed', code: 'HUB_OPERATION_FAILED' });
}

export interface FollowOptions {
  onEvent?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  pollMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function followOperation(client: ApiClient, operationId: string, opts: FollowOptions = {}): Promise<OperationResult | undefined> {
  const path = `/api/v1/operations/${encodeURIComponent(operationId)}`;
  let last: ProgressEvent | undefined;
  let terminal: ProgressEvent['phase'] | undefined;
  /** The server's closing "done" event carries the whole operation. */
  let final: OperationStatus | undefined;
  try {
    const res = await client.raw('GET', `${path}/events`, { headers: { accept: 'text/event-stream' }, signal: opts.signal });
    await readSse(res, (m) => {
      let ev: ProgressEvent;
      try { ev = JSON.parse(m.data); } catch { return; }
      if (m.event === 'done') { final = ev as unknown as OperationStatus; return; }
      if (!ev || typeof ev !== 'object' || !('message' in ev || 'phase' in ev)) return;
      last = ev;
      opts.onEvent?.(ev);
      if ((ev.phase === 'done' || ev.phase === 'error') && !ev.module) terminal = ev.phase;
    }, opts.signal);
  } catch (e) {
    if (ApiError.is(e) && e.status === 401) throw e;
    // No stream (not supported or already finished): poll the status below.
  }
  if (final && outcome(final) !== 'running') {
    if (outcome(final) === 'failed') throw errorOf(final, last);
    return final.result ?? undefined;
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  for (let i = 0; ; i++) {
    let status: OperationStatus;
    try {
      status = await client.get<OperationStatus>(path, { signal: opts.signal });
    } catch (e) {
      if (ApiError.is(e) && e.status === 404 && terminal === 'done') return undefined;
      throw e;
    }
    const o = outcome(status);
    if (o === 'done') return status.result ?? (status as unknown as OperationResult);
    if (o === 'failed') throw errorOf(status, last);
    if (Date.now() > deadline) throw new ApiError(0, { error: 'The operation is still running', code: 'TIMEOUT', hint: 'It continues on the server; check the audit log later.' });
    await sleep(i < 10 ? (opts.pollMs ?? 300) : 1000);
  }
}
