// Entry of the `hub` binary: runs oclif and turns whatever escapes a command into the CLI's
// conventions (one error line, exit 0/1/2).
import { run, flush, Errors } from '@oclif/core';
import { describeError, formatError } from './lib/errors.js';

export async function runHub(argv: string[], binUrl: string): Promise<number> {
  try {
    await run(argv, binUrl);
    await flush();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const exit = (err as { oclif?: { exit?: number } })?.oclif?.exit;
    if (err instanceof Errors.ExitError || (err as Error)?.name === 'ExitError') return exit ?? 0;
    process.stderr.write(formatError(err) + '\n');
    if (process.env.HUB_DEBUG && err instanceof Error) process.stderr.write(String(err.stack) + '\n');
    return describeError(err).exit;
  }
}
