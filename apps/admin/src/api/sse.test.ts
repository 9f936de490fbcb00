import { describe, expect, it } from 'vitest';
import { createSseParser, readSse } from './sse';
import { followOperation } from './operations';
import { createApiClient } from './client';
import { fakeFetch, memoryStorage } from '../../test/helpers/fakeFetch';

describe('server-sent events', () => {
  it('parses split chunks, CRLF, comments and multi-line data', () => {
    const got: { event: string; data: string }[] = [];
    const p = createSseParser((m) => got.push(m));
    p.push(': hello\r\nevent: progress\r\nda');
    p.push('ta: {"a":1}\r\n\r\ndata: x\ndata: y\n\n');
    p.end();
    expect(got).toEqual([{ event: 'progress', data: '{"a":1}', id: undefined }, { event: 'message', data: 'x\ny', id: undefined }]);
  });

  it('follows an operation: streams events with the Authorization header, then reads the outcome', async () => {
    const stream = 'data: {"operationId":"op1","phase":"start","message":"Planning"}\n\n' +
      'data: {"operationId":"op1","phase":"step","step":0,"steps":2,"module":"contacts","message":"DDL"}\n\n' +
      'data: {"operationId":"op1","phase":"done","message":"Installed"}\n\n';
    const { fetch, calls } = fakeFetch({
      'GET /api/v1/operations/op1/events': () => ({ body: stream, headers: { 'content-type': 'text/event-stream' } }),
      'GET /api/v1/operations/op1': () => ({ body: { id: 'op1', status: 'done', result: { operationId: 'op1', action: 'install', changed: ['contacts'] } } }),
    });
    const client = createApiClient({ fetch, storage: memoryStorage({ 'hub.token': 'tk' }) });
    const events: string[] = [];
    const result = await followOperation(client, 'op1', { onEvent: (e) => events.push(e.message) });
    expect(events).toEqual(['Planning', 'DDL', 'Installed']);
    expect(result).toMatchObject({ changed: ['contacts'] });
    expect(calls[0].headers.authorization).toBe('Bearer tk');
    const s = await readSse(new Response('data: 1\n\n'), () => {});
    expect(s).toBeUndefined();
  });

  it('a failed operation rejects with the server error and its hint', async () => {
    const { fetch } = fakeFetch({
      'GET /api/v1/operations/op2/events': () => ({ status: 404, body: { error: 'gone' } }),
      'GET /api/v1/operations/op2': () => ({ body: { id: 'op2', status: 'failed', error: { error: 'Table exists', code: 'HUB_SCHEMA_CONFLICT', hint: 'Drop it or rename' } } }),
    });
    const client = createApiClient({ fetch, storage: memoryStorage() });
    await expect(followOperation(client, 'op2')).rejects.toMatchObject({ message: 'Table exists', hint: 'Drop it or rename' });
  });
});
