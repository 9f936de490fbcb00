#!/usr/bin/env node
// Runs every package's tests (turbo) and prints the totals over all of them as the last line:
// "N passed, N failed". A package whose run produced no results counts as one failure.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, existsSync, rmSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../src/postgres.mjs';

const root = new URL('../..', import.meta.url).pathname;
const groups = ['packages', 'apps', 'modules', 'tooling', 'e2e'];
const pkgs = [];
for (const g of groups) {
  const dir = join(root, g);
  if (!existsSync(dir)) continue;
  const candidates = g === 'tooling' ? [dir] : readdirSync(dir).map((d) => join(dir, d));
  for (const p of candidates) {
    const pj = join(p, 'package.json');
    if (!existsSync(pj)) continue;
    const json = JSON.parse(readFileSync(pj, 'utf8'));
    if (json.scripts?.test) {
      pkgs.push({ name: json.name, dir: p });
      rmSync(join(p, 'test-results'), { recursive: true, force: true });
    }
  }
}

const extra = process.argv.slice(2);
// Build everything first: tests use other packages' dist (e.g. core's extension tests import
// modules/contacts, the admin's e2e serves apps/admin/dist), which turbo's per-package graph
// would not build for them.
const built = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) console.log('the build failed; tests of packages that did not build will fail');
// One PostgreSQL server for the whole run (each test makes its own databases on it), and one
// temporary folder that every test's temporary files go into, so that whatever a test leaves
// behind is seen, named and removed at the end.
const pg = process.env.HUB_TEST_PG_URL ? undefined : await startPostgres({ maxConnections: 400 });
const runTmp = mkdtempSync(join(tmpdir(), 'hub-test-run-'));
// Like /tmp: the PostgreSQL servers the tests start run as the postgres user and need to enter it.
chmodSync(runTmp, 0o1777);
// One package at a time by default: packages share the PostgreSQL server and the two cores.
const concurrency = process.env.HUB_TEST_CONCURRENCY ?? '1';
// Asynchronously: this process must keep reading the PostgreSQL server's log pipe, or the server
// blocks once the pipe is full (its checkpointer waits on the write, and DROP DATABASE on it).
const res = await new Promise((resolve) => {
  const child = spawn('pnpm', ['exec', 'turbo', 'run', 'test', `--concurrency=${concurrency}`, '--continue', ...extra], {
    cwd: root, stdio: 'inherit',
    env: {
      // TSX_DISABLE_CACHE: a test process run through tsx would leave its compile cache (tsx-<uid>) in TMPDIR.
      ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', TMPDIR: runTmp, TSX_DISABLE_CACHE: '1',
      ...(pg ? { HUB_TEST_PG_URL: pg.url } : {}),
    },
  });
  child.on('exit', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0) }));
});
await pg?.stop();
const leftovers = readdirSync(runTmp);
rmSync(runTmp, { recursive: true, force: true });

let passed = 0, failed = 0;
const lines = [];
for (const p of pkgs) {
  const file = join(p.dir, 'test-results', 'vitest.json');
  if (!existsSync(file)) {
    if (extra.some((a) => a.startsWith('--filter')) ) continue;
    failed += 1; lines.push(`${p.name}: no test results (the run crashed or did not start)`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests;
  const errs = (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  failed += errs;
  lines.push(`${p.name}: ${r.numPassedTests} passed, ${r.numFailedTests + errs} failed, ${r.numPendingTests} skipped`);
}
console.log('\nTest totals by package:');
for (const l of lines) console.log('  ' + l);
if (leftovers.length > 0) {
  console.log(`  temporary entries the tests left behind (removed now): ${leftovers.length}`);
  for (const l of leftovers.slice(0, 30)) console.log(`    ${l}`);
}
if (res.status !== 0 && failed === 0) { failed = 1; console.log('  turbo exited with', res.status); }
const totals = `${passed} passed, ${failed} failed`;
// Kept for CI, which prints it again as its own last line after the lint step.
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'totals.txt'), `${totals}\n`);
console.log(totals);
process.exit(failed > 0 ? 1 : 0);
