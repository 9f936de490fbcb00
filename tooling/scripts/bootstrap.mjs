#!/usr/bin/env node
// `npm start` / `npm test` / `pnpm dev` on a machine that has only Node and npm: installs pnpm (pinned),
// the workspace and, for tests, Chromium; builds; then starts the hub or runs every test.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM = '10.34.9';
const root = new URL('../..', import.meta.url).pathname;
const what = process.argv[2] ?? 'start';
const sh = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

let version = '';
try { version = execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch {}
if (version !== PNPM) sh(`npm install -g pnpm@${PNPM}`);
sh('pnpm install --frozen-lockfile --prefer-offline');

if (what === 'test') {
  const asRoot = process.getuid?.() === 0;
  // Browser tests need Debian's Chromium, the database tests PostgreSQL's binaries.
  const tryInstall = (pkgs) => {
    try { sh(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs} >/dev/null`); }
    catch { console.error(`warning: could not install ${pkgs}; the tests that need it will fail`); }
  };
  if (!existsSync('/usr/bin/chromium') && asRoot) tryInstall('chromium');
  if (!has('initdb') && !existsSync('/usr/lib/postgresql/15/bin/initdb') && asRoot) tryInstall('postgresql');
  const r = spawnSync('node', ['tooling/scripts/test-all.mjs', ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
sh('pnpm exec turbo run build --output-logs=errors-only');
// `pnpm dev`: the same host (apps/hub) under `hub dev`, which rebuilds and remounts the workspace modules on save.
const r = what === 'dev'
  ? spawnSync(process.execPath, ['apps/cli/bin/run.js', 'dev', '--dir', 'apps/hub', ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' })
  : spawnSync('pnpm', ['--filter', '@hub/app', 'start'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
