// hub dev's admin channel: index.html names the event stream only under hub dev, and the stream
// tells an open page which module's admin bundle was rebuilt.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_EVENTS_PATH, DevEvents } from './devEvents.js';
import { adminApp } from './staticRoutes.js';

describe('hub dev admin events', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  async function serve(dev: boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'hub-admin-dist-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>Hub</title></head><body><div id="app"></div></body></html>');
    const app = express();
    const events = dev ? new DevEvents() : undefined;
    if (events) app.get(DEV_EVENTS_PATH, events.handler);
    app.use('/admin', adminApp(dir, { devEvents: events && DEV_EVENTS_PATH }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    cleanups.push(() => new Promise<void>((r) => { events?.close(); server.close(() => r()); server.closeAllConnections(); }));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, events };
  }

  it('index.html names the stream under hub dev only, on every admin path', async () => {
    const dev = await serve(true);
    for (const path of ['/admin/', '/admin/index.html', '/admin/m/widget']) {
      expect(await (await fetch(dev.url + path)).text(), path).toContain('<meta name="hub-dev-events" content="/__dev/events"></head>');
    }
    const production = await serve(false);
    const html = await (await fetch(`${production.url}/admin/m/widget`)).text();
    expect(html).toContain('<div id="app">');
    expect(html).not.toContain('hub-dev-events');
    expect((await fetch(production.url + DEV_EVENTS_PATH)).status).toBe(404);
  });

  it('tells an open stream which module was rebuilt, and ends it when the server closes', async () => {
    const { url, events } = await serve(true);
    const res = await fetch(url + DEV_EVENTS_PATH);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) return false;
        text += decoder.decode(value);
      }
      return true;
    };
    await readUntil(/: hub dev/);
    events!.adminChanged('widget');
    expect(await readUntil(/event: module-admin\ndata: .*\n\n/)).toBe(true);
    const data = JSON.parse(/event: module-admin\ndata: (.*)\n/.exec(text)![1]!);
    expect(data).toEqual({ module: 'widget', stamp: expect.stringMatching(/^[0-9a-z]+$/) });
    events!.close();
    expect(await readUntil(/never/)).toBe(false);
  });
});
