// The error catalog is the one list of host codes: every code the host's source raises is in it,
// every code the docs name exists, every `hub ...` command a hint names exists, and the docs'
// troubleshooting table is the rendered catalog.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderedDocs } from '../scripts/render-error-docs.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { ERROR_CODES, ERROR_CATALOG } = await import(join(root, 'packages/kit/dist/errorCatalog.js'));
const catalog = new Set(ERROR_CODES);

function files(dir, test) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, test));
    else if (test(p)) out.push(p);
  }
  return out;
}
const isSource = (p) => /\.(ts|mts|mjs|js|vue)$/.test(p) && !/\.test(-d)?\.ts$/.test(p) && !p.includes('/testing/');
const hostSources = [
  ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d, 'src')),
  ...readdirSync(join(root, 'apps')).map((d) => join(root, 'apps', d, 'src')),
  join(root, 'modules/base/src'),
].flatMap((d) => files(d, isSource));

/** Environment variables are spelt like codes; they are settings, not errors. */
const ENVIRONMENT = /^HUB_(ADMIN_EMAIL|ADMIN_PASSWORD|ADMIN_DIR|CHECK_ANSWERS|DATA_DIR|DEBUG|HOST_DIR|LOG_LEVEL|LOCK_KEY|MODULE_ROLES|TOKEN|URL|WASM_TIER_UP|WORKERS|TEST_\w+|PROPERTY_\w+|\w+_(MS|SECONDS|TTL|THRESHOLD|ROWS|LIMIT))$/;

function quotedCodes(text) {
  return [...text.matchAll(/['"`](HUB_[A-Z0-9_]*[A-Z0-9])['"`]/g)].map((m) => m[1]);
}

describe('error catalog', () => {
  it('has every code the host raises', () => {
    const missing = new Map();
    for (const f of hostSources) {
      for (const code of quotedCodes(readFileSync(f, 'utf8'))) {
        if (!catalog.has(code) && !ENVIRONMENT.test(code)) missing.set(code, relative(root, f));
      }
    }
    expect(Object.fromEntries(missing), 'codes raised but not in packages/kit/src/errorCatalog.ts').toEqual({});
  });

  it('says why and how to fix for every code, with an HTTP status', () => {
    for (const e of ERROR_CATALOG) {
      expect(e.code).toMatch(/^HUB_[A-Z0-9_]+$/);
      expect(e.status >= 400 && e.status < 600, e.code).toBe(true);
      expect(e.why.length, e.code).toBeGreaterThan(10);
      expect(e.fix.length, e.code).toBeGreaterThan(5);
    }
  });

  it('is what the docs name: no code in a README or guide that does not exist', () => {
    const moduleCodes = new Set(files(join(root, 'modules'), (p) => /\/src\/.*\.ts$/.test(p)).flatMap((f) => quotedCodes(readFileSync(f, 'utf8'))));
    const docs = [
      ...files(join(root, 'docs'), (p) => p.endsWith('.md')),
      join(root, 'README.md'),
      ...['packages', 'apps', 'modules'].flatMap((g) => readdirSync(join(root, g)).map((d) => join(root, g, d, 'README.md'))),
    ].filter(existsSync);
    const unknown = [];
    for (const f of docs) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bHUB_[A-Z0-9_]*[A-Z0-9]\b/g)) {
        const code = m[0];
        if (!catalog.has(code) && !moduleCodes.has(code) && !ENVIRONMENT.test(code)) unknown.push(`${relative(root, f)}: ${code}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('names only CLI commands that exist in its hints, and so does the source', () => {
    const commandsDir = join(root, 'apps/cli/src/commands');
    const commands = new Set(files(commandsDir, (p) => p.endsWith('.ts')).map((f) =>
      relative(commandsDir, f).replace(/\.ts$/, '').replace(/\/index$/, '').split('/').join(' ')));
    const topics = new Set([...commands].map((c) => c.split(' ')[0]));
    // Words after "hub" that would read as a command; other words ("hub listening on") are prose.
    const looksLikeCommand = (w) => topics.has(w) || commands.has(w) ||
      /^(backup|backups|schema|modules|operation|operations|plan|audit|users|role|roles|tokens|dev|start|config|settings|cluster)$/.test(w);
    const named = (text) => [...text.matchAll(/\bhub ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)]
      .filter((m) => looksLikeCommand(m[1]))
      .map((m) => (m[2] && topics.has(m[1]) && !commands.has(m[1]) ? `${m[1]} ${m[2]}` : m[1]));
    const wrong = [];
    const exists = (c) => commands.has(c) || topics.has(c);
    const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/ \/\/ .*$/gm, '');
    for (const e of ERROR_CATALOG) for (const c of named(e.fix)) if (!exists(c)) wrong.push(`${e.code}: hub ${c}`);
    for (const f of hostSources) {
      for (const c of named(withoutComments(readFileSync(f, 'utf8')))) if (!exists(c)) wrong.push(`${relative(root, f)}: hub ${c}`);
    }
    expect(wrong, `commands are: ${[...commands].join(', ')}`).toEqual([]);
  });

  it('is rendered into the docs troubleshooting table', async () => {
    const { current, rendered } = await renderedDocs();
    expect(current === rendered, 'run `pnpm docs:errors`').toBe(true);
  });
});
