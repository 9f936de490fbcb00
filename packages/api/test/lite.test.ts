// The lite entry: the same typed client without zod's runtime, so the admin's bundle stays small.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHubClient, readEvents, routePaths } from '../src/lite.js';
import { hostRoutes } from '../src/index.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Modules a file imports at runtime (`import type` and `export type` left out). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

describe('@hub/api/lite', () => {
  it('imports no zod at runtime, directly or through its own files', () => {
    const seen = new Set<string>();
    const reached: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
        else reached.push(`${file.slice(src.length + 1)} -> ${spec}`);
      }
    };
    visit(join(src, 'lite.ts'));
    expect(reached).toEqual([]);
    expect([...seen].map((f) => f.slice(src.length + 1)).sort()).toEqual(['clientCore.ts', 'errorCodes.generated.ts', 'errorCodes.ts', 'eventStream.ts', 'lite.ts', 'paths.ts']);
  });

  it('has every route of the checked table, with the same method, path and statuses', () => {
    const strip = ({ params: _p, query: _q, body: _b, response: _r, ...rest }: Record<string, unknown>) => rest;
    expect(Object.fromEntries(Object.entries(hostRoutes).map(([n, r]) => [n, strip(r)]))).toEqual(routePaths);
  });

  it('sends typed requests and takes answers as typed, errors as HubApiError', async () => {
    const seen: string[] = [];
    const hub = createHubClient({
      baseUrl: 'http://hub.test',
      token: () => 'tk',
      fetch: async (url, init) => {
        seen.push(`${init?.method} ${url}`);
        if (String(url).endsWith('/nope')) return new Response(JSON.stringify({ error: 'Module "nope" was not found', code: 'HUB_MODULE_NOT_FOUND' }), { status: 404 });
        return new Response(JSON.stringify({ items: [{ name: 'base', extra: 1 }] }));
      },
    });
    // Not checked: a member the schema does not describe stays (the main entry's client drops it).
    expect(await hub.call('listModules', { query: { installed_only: true } })).toEqual({ items: [{ name: 'base', extra: 1 }] });
    await expect(hub.call('getModule', { params: { name: 'nope' } })).rejects.toMatchObject({ status: 404, code: 'HUB_MODULE_NOT_FOUND' });
    expect(seen).toEqual(['GET http://hub.test/api/v1/modules?installed_only=true', 'GET http://hub.test/api/v1/modules/nope']);
    expect(hub.read('upload', 201, { module: { name: 'x' } })).toEqual({ module: { name: 'x' } });
  });

  it('reads operation events', async () => {
    const seen: string[] = [];
    await readEvents(new Response('event: step\ndata: {"operationId":"o1","message":"m","phase":"step"}\n\nevent: done\ndata: {"id":"o1","status":"succeeded"}'), (e) => seen.push(e.event));
    expect(seen).toEqual(['step', 'done']);
  });
});
