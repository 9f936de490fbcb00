// Requests made by shapedMessages answer every Express accessor as ordinary requests do: a field
// added there must never hide a getter of Express's or Node's prototypes (query, path, ip, ...).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { shapedMessages } from './shapedMessages.js';

function app() {
  const a = express();
  a.use(express.json());
  a.all('/echo/:id', (req, res) => {
    res.locals.seen = true;
    res.set('x-test', 'yes').json({
      query: req.query, path: req.path, params: req.params, ip: req.ip, hostname: req.hostname, protocol: req.protocol,
      secure: req.secure, xhr: req.xhr, fresh: req.fresh, originalUrl: req.originalUrl, baseUrl: req.baseUrl, body: req.body ?? null,
      accepts: req.accepts('json'), header: req.get('x-custom') ?? null, locals: res.locals, app: req.app === a, headers: req.headers['x-custom'] ?? null,
    });
  });
  return a;
}

async function answers(listener: (req: IncomingMessage, res: ServerResponse) => void, options: object) {
  const server = createServer(options, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const get = await fetch(`${url}/echo/7?a=1&b=two&b=three`, { headers: { 'x-custom': 'c', 'x-requested-with': 'XMLHttpRequest' } });
    const post = await fetch(`${url}/echo/8`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":[1,2]}' });
    return [await get.json(), get.headers.get('x-test'), await post.json()];
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

describe('shapedMessages', () => {
  it('answers exactly as an Express app on a plain HTTP server', async () => {
    const plain = app();
    const shaped = app();
    const expected = await answers(plain, {});
    expect(expected[0]).toMatchObject({ query: { a: '1', b: ['two', 'three'] }, path: '/echo/7', params: { id: '7' }, xhr: true, app: true });
    expect(await answers(shaped, shapedMessages(shaped))).toEqual(expected);
  });

  it('makes requests and responses with the app\'s prototypes', () => {
    const a = express();
    const { IncomingMessage: Req, ServerResponse: Res } = shapedMessages(a);
    expect(Req.prototype).toBe(a.request);
    expect(Res.prototype).toBe(a.response);
  });
});
