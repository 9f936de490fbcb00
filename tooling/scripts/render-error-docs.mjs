#!/usr/bin/env node
// Renders the error catalog (@hub/kit's errorCatalog) into the troubleshooting table of
// docs/modules.md, between the error-catalog markers. `--check` exits 1 when the docs differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docs = `${root}docs/modules.md`;
const START = '<!-- error-catalog:start (rendered from packages/kit/src/errorCatalog.ts by `pnpm docs:errors`) -->';
const END = '<!-- error-catalog:end -->';

export async function renderedDocs() {
  const { ERROR_CATALOG } = await import(`${root}packages/kit/dist/errorCatalog.js`);
  const cell = (s) => s.replace(/\|/g, '\\|');
  const rows = ERROR_CATALOG.map((e) => `| \`${e.code}\` | ${e.status} | ${cell(e.why)} | ${cell(e.fix)} |`);
  const table = ['| code | status | why | fix |', '|---|---|---|---|', ...rows].join('\n');
  const text = readFileSync(docs, 'utf8');
  const a = text.indexOf(START), b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/modules.md has no ${START} ... ${END} block`);
  return { current: text, rendered: `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { current, rendered } = await renderedDocs();
  if (process.argv.includes('--check')) {
    if (current !== rendered) { console.error('docs/modules.md is not the rendered error catalog: run `pnpm docs:errors`'); process.exit(1); }
  } else if (current !== rendered) {
    writeFileSync(docs, rendered);
    console.log('docs/modules.md: error table rendered');
  }
}
