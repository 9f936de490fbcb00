import { describe, expect, it } from 'vitest';
import { createAdminClient } from './client';
import { followOperation } from './operations';
import { fakeHub, memoryStorage, refusal } from '../../test/helpers/fakeHub';
import { eventStream, operation } from '../../test/helpers/fixtures';

describe('following an operation', () => {
  it('reports each step of the event stream and answers the result of its closing operation', async () => {
    const op = operation('op1');
    const { fetch, calls } = fakeHub({
      operationEvents: () => ({ body: eventStream(op, [
        { phase: 'start', message: 'Planning' },
        { phase: 'step', step: 0, steps: 2, module: 'contacts', message: 'DDL' },
        { phase: 'done', message: 'Installed' },
      ]) }),
    });
    const client = createAdminClient({ fetch, storage: memoryStorage({ 'hub.token': 'tk' }) });
    const events: string[] = [];
    const result = await followOperation(client, 'op1', { onEvent: (e) => events.push(e.message) });
    expect(events).toEqual(['Planning', 'DDL', 'Installed']);
    expect(result).toMatchObject({ operationId: 'op1', changed: ['contacts', 'sales'] });
    expect(calls.map((c) => c.route)).toEqual(['operationEvents']);
    expect(calls[0].headers.authorization).toBe('Bearer tk');
  });

  it('without a stream, polls the operation until it ends', async () => {
    let polls = 0;
    const { fetch } = fakeHub({
      operationEvents: () => refusal(404, 'HUB_OPERATION_NOT_FOUND', 'Operation "op3" was not found on this instance'),
      getOperation: () => ({ body: operation('op3', ++polls < 3 ? { status: 'running', finishedAt: null, result: null } : {}) }),
    });
    const result = await followOperation(createAdminClient({ fetch, storage: memoryStorage() }), 'op3', { pollMs: 1 });
    expect(polls).toBe(3);
    expect(result?.operationId).toBe('op3');
  });

  it('a failed operation rejects with its error and hint', async () => {
    const failed = operation('op2', { status: 'failed', error: { error: 'Table "sales"."orders" already exists', code: 'HUB_SCHEMA_CONFLICT', hint: 'Drop it or rename it' } });
    const { fetch } = fakeHub({ operationEvents: () => ({ body: eventStream(failed, [{ phase: 'error', message: 'DDL failed' }]) }) });
    await expect(followOperation(createAdminClient({ fetch, storage: memoryStorage() }), 'op2'))
      .rejects.toMatchObject({ code: 'HUB_SCHEMA_CONFLICT', message: 'Table "sales"."orders" already exists', hint: 'Drop it or rename it' });
  });
});
