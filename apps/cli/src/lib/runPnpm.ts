import { spawnSync } from 'node:child_process';
import { HubError } from '@hub/kit/errors';

/** Runs pnpm in a folder; retries when another install holds the store or the lockfile. */
export function runPnpm(args: string[], cwd: string, opts: { quiet?: boolean; retries?: number } = {}): void {
  const retries = opts.retries ?? 3;
  let last = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    const r = spawnSync('pnpm', args, { cwd, encoding: 'utf8', stdio: opts.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: process.env.CI ?? '' } });
    if (r.status === 0) return;
    last = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-3).join(' ');
    if (r.error) last = r.error.message;
    if (attempt < retries) spawnSync('sleep', [String(2 + attempt * 2)]);
  }
  throw new HubError('HUB_PNPM_FAILED', `pnpm ${args.join(' ')} failed in ${cwd}${last ? `: ${last}` : ''}`, { hint: 'run it yourself to see the whole output' });
}
