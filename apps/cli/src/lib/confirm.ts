// Confirmation of destructive commands: asked on a terminal, --yes (or --force) otherwise.
import { createInterface } from 'node:readline/promises';
import { confirmationRequired } from './errors.js';

export function isInteractive(): boolean {
  return !!process.stdin.isTTY && !!process.stderr.isTTY;
}

/** Resolves true when confirmed; throws HUB_CONFIRMATION_REQUIRED (exit 2) off a terminal. */
export async function confirm(question: string, what: string, opts: { yes?: boolean } = {}): Promise<boolean> {
  if (opts.yes) return true;
  if (!isInteractive()) throw confirmationRequired(what);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
