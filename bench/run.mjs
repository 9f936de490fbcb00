#!/usr/bin/env node
// `pnpm bench [name...]`: runs bench/*.bench.mjs (each in its own process so memory figures are
// its own), prints one table and writes bench/results.json. A bench file's default export is
// `async () => Entry[]` with Entry = { name, value, unit, baseline, ratio, goal, meets }.
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);

if (process.env.HUB_BENCH_CHILD) {
  const mod = await import(join(dir, `${process.env.HUB_BENCH_CHILD}.bench.mjs`));
  const entries = await mod.default();
  process.stdout.write(`\n@@RESULTS@@${JSON.stringify(entries)}\n`);
  process.exit(0);
}

const files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.replace(/\.bench\.mjs$/, '')).sort();
const chosen = only.length ? files.filter((f) => only.some((o) => f === o || f.includes(o))) : files;
if (only.length && chosen.length === 0) {
  console.error(`No benchmark matches ${only.join(', ')}. Available: ${files.join(', ')}`);
  process.exit(2);
}
const results = [];
for (const name of chosen) {
  console.error(`running ${name}...`);
  // Each bench's temporary files go into a folder of its own: whatever it leaves is named and removed.
  const benchTmp = mkdtempSync(join(tmpdir(), `hub-bench-run-${name}-`));
  // The PostgreSQL a bench starts runs as the postgres user and keeps its data folder in here.
  chmodSync(benchTmp, 0o755);
  const r = spawnSync(process.execPath, ['--expose-gc', join(dir, 'run.mjs')], {
    env: { ...process.env, HUB_BENCH_CHILD: name, TMPDIR: benchTmp }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024,
  });
  const left = readdirSync(benchTmp);
  if (left.length > 0) console.error(`${name} left ${left.length} temporary entries behind (removed now): ${left.slice(0, 10).join(', ')}`);
  rmSync(benchTmp, { recursive: true, force: true });
  const marker = r.stdout.lastIndexOf('@@RESULTS@@');
  if (r.status !== 0 || marker === -1) {
    results.push({ name: `${name}: failed`, value: null, unit: '', baseline: null, ratio: null, goal: null, meets: false });
    continue;
  }
  results.push(...JSON.parse(r.stdout.slice(marker + 11)));
}
const fmt = (v) => (v === null || v === undefined ? '-' : typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : String(v));
const rows = results.map((e) => [e.name, `${fmt(e.value)} ${e.unit ?? ''}`.trim(), fmt(e.baseline), fmt(e.ratio), e.goal ?? '-', e.meets === null || e.meets === undefined ? '-' : e.meets ? 'yes' : 'NO']);
const head = ['figure', 'value', 'baseline', 'ratio', 'goal', 'meets'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
