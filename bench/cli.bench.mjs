// The `hub` binary's start-up, whole process: `hub module list` on an existing embedded database
// (answered from the state the last command left next to it) against `hub --help` in the same
// run, and the same list with the database opened (no state snapshot) for comparison. Wall time
// and CPU time (user + system of the child, from the shell's `times`): on a shared machine CPU
// time says more than wall time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, repo } from './server-lib.mjs';

const cli = join(repo, 'apps/cli/bin/run.js');
const RUNS = 7;

function host() {
  const root = mkdtempSync(join(tmpdir(), 'hub-cli-bench-'));
  mkdirSync(join(root, 'host'));
  writeFileSync(join(root, 'host/package.json'), JSON.stringify({ name: 'bench-host', version: '0.0.0', private: true, dependencies: {} }));
  mkdirSync(join(root, 'addons'));
  symlinkSync(join(repo, 'modules/base'), join(root, 'addons/base'), 'dir');
  return { root, rm: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `hub <args>`; returns wall and CPU milliseconds of the child. */
function timed(args, env) {
  const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const t0 = performance.now();
  // `times` prints the shell's and then its children's user and system time.
  const r = spawnSync('/bin/sh', ['-c', `${[process.execPath, cli, ...args].map(quote).join(' ')} >/dev/null || exit 1; times`], { env, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`hub ${args.join(' ')}: ${r.stderr}`);
  const [, children] = r.stdout.trim().split('\n');
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, s]) => Number(m) * 60 + Number(s));
  return { wall, cpu: (seconds[0] + seconds[1]) * 1000 };
}

export default async function () {
  const { root, rm } = host();
  const dir = join(root, 'host');
  const env = { ...process.env, HUB_DATA_DIR: join(root, 'data'), ADDONS_PATHS: join(root, 'addons') };
  try {
    timed(['module', 'install', 'base', '--dir', dir], env); // the existing embedded database
    const list = []; const help = []; const opened = [];
    const load = loadavg()[0];
    for (let i = 0; i < RUNS; i++) {
      list.push(timed(['module', 'list', '--dir', dir], env));
      help.push(timed(['--help'], env));
      rmSync(join(root, 'data/list-state.json'), { force: true });
      opened.push(timed(['module', 'list', '--dir', dir], env)); // opens the database (and leaves the snapshot again)
    }
    const loadAfter = loadavg()[0];
    const m = (xs, k) => median(xs.map((x) => x[k]));
    const entry = (name, value, baseline, goal, meets) => ({ name, value, unit: 'ms', baseline, ratio: baseline ? value / baseline : null, goal, meets });
    return [
      entry(`hub module list on an existing embedded database, whole process, wall, median of ${RUNS}`, m(list, 'wall'), m(help, 'wall'), '<= 600 ms', m(list, 'wall') <= 600),
      entry(`hub module list, CPU time (user + system), median of ${RUNS}`, m(list, 'cpu'), m(help, 'cpu'), null, null),
      entry(`hub --help, whole process, wall, median of ${RUNS} (the baseline above)`, m(help, 'wall'), null, null, null),
      entry(`hub --help, CPU time, median of ${RUNS}`, m(help, 'cpu'), null, null, null),
      entry(`hub module list with the database opened (no state snapshot), wall, median of ${RUNS}`, m(opened, 'wall'), m(help, 'wall'), null, null),
      entry(`hub module list with the database opened, CPU time, median of ${RUNS}`, m(opened, 'cpu'), m(help, 'cpu'), null, null),
      { name: 'load average (1 min) before / after the runs', value: load, unit: '', baseline: loadAfter, ratio: null, goal: null, meets: null },
    ];
  } finally {
    rm();
  }
}
