import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineScriptHashes, securityHeaders } from './securityHeaders.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-csp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const map = '{"imports":{"vue":"/admin/vendor/vue.js"}}';
const html = `<!doctype html><html><head><script type="importmap">${map}</script>
<script type="module" crossorigin src="/admin/assets/index.js"></script></head><body></body></html>`;

function headersFor(url: string, hashes: string[]): Record<string, string> {
  const set: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => { set[k.toLowerCase()] = String(v); }, getHeader: () => undefined, removeHeader: () => undefined };
  securityHeaders({ adminScriptHashes: hashes })({ url, method: 'GET', headers: {} } as never, res as never);
  return set;
}

describe('security headers', () => {
  it("the admin's CSP allows its inline import map by hash, and nothing else inline", () => {
    const file = join(dir, 'index.html');
    writeFileSync(file, html);
    const hashes = inlineScriptHashes(file);
    const expected = `'sha256-${createHash('sha256').update(map).digest('base64')}'`;
    expect(hashes).toEqual([expected]);
    const csp = headersFor('/admin/apps', hashes)['content-security-policy'];
    expect(csp).toContain(`script-src 'self' ${expected}`);
    expect(csp).not.toContain('unsafe-inline\'; script'); // styles may be inline (naive-ui), scripts not
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Other HTML (the API docs) keeps helmet's defaults; the JSON API its own short policy.
    expect(headersFor('/api/docs/', hashes)['content-security-policy']).toMatch(/script-src 'self';/);
    expect(headersFor('/api/v1/health', hashes)['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('no admin file: no hashes', () => {
    expect(inlineScriptHashes(join(dir, 'missing.html'))).toEqual([]);
    expect(inlineScriptHashes(undefined)).toEqual([]);
  });
});
