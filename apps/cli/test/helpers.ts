// Runs the built `hub` binary as a subprocess against a temporary host, and reads the database
// it worked on, so tests check exit code, output and the database afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const cliRoot = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const bin = join(cliRoot, 'bin/run.js');
export const fixtures = (version: string) => fileURLToPath(new URL(`./fixtures/${version}`, import.meta.url));

export interface RunResult { code: number; stdout: string; stderr: string; json<T = any>(): T }

/** The environment of a subprocess: this one without anything that would point it elsewhere. */
export function cleanEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(out)) {
    if (/^(DATABASE_URL|ADDONS_PATHS|INIT_CWD|npm_lifecycle_event|PORT)$/.test(k) || (/^HUB_/.test(k) && k !== 'HUB_TEST_PG_URL')) delete out[k];
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete out[k]; else out[k] = v;
  out.FORCE_COLOR = '0';
  return out;
}

export function hub(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; input?: string; timeout?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? tmpdir(), env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 110_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
}

/** Asserts the exit code and, on failure, shows what the command printed. */
export function expectExit(r: RunResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

/** An error is exactly one line: `error HUB_CODE: message (hint)`. */
export function expectOneLineError(r: RunResult, code: string): void {
  const lines = r.stderr.trim().split('\n');
  expect(lines, JSON.stringify(r.stderr)).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error ${code}: \\S.*`));
}

/** A temporary host folder. With base, its package.json depends on @hub/module-base (linked from the workspace). */
export function tempHost(opts: { base?: boolean } = {}): { dir: string; rm: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hub-cli-host-'));
  const dependencies: Record<string, string> = {};
  if (opts.base) {
    dependencies['@hub/module-base'] = 'workspace:^';
    mkdirSync(join(dir, 'node_modules/@hub'), { recursive: true });
    symlinkSync(join(repoRoot, 'modules/base'), join(dir, 'node_modules/@hub/module-base'));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cli-test-host', version: '0.0.0', private: true, dependencies }, null, 2));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a command under a pseudo-terminal (util-linux `script`), feeding `input` to it. */
export function onTerminal(args: string[], opts: { env?: Record<string, string | undefined>; input: string; cwd?: string }): Promise<RunResult> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, bin, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: opts.cwd ?? tmpdir(), env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      // Answer once the question is on the screen.
      if (/\[y\/N\]/.test(stdout) && opts.input) { child.stdin.write(opts.input); opts.input = ''; }
    });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) }); });
  });
}

export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}
