// How the CLI reports failure: one line `error HUB_CODE: message (hint)` on stderr, exit code 1
// for failures and 2 for usage mistakes (bad flags, missing confirmation off a terminal).
import { HubError, isHubError } from '@hub/kit/errors';

export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** Codes that mean "the command was called wrongly", exit 2. */
const USAGE_CODES = new Set(['HUB_USAGE', 'HUB_CONFIRMATION_REQUIRED']);

export function usageError(message: string, hint?: string): HubError {
  return new HubError('HUB_USAGE', message, { hint, status: 400 });
}

export function confirmationRequired(what: string): HubError {
  return new HubError('HUB_CONFIRMATION_REQUIRED', `${what} needs confirmation and there is no terminal to ask on`, {
    hint: 'pass --yes to run it without asking',
  });
}

interface OclifLike { oclif?: { exit?: number }; parse?: unknown; message?: string }

/** The error as a HubError-like value: code, message, hint, exit code. */
export function describeError(err: unknown): { code: string; message: string; hint?: string; exit: number } {
  if (isHubError(err)) {
    return { code: err.code, message: err.message, hint: err.hint, exit: USAGE_CODES.has(err.code) ? ExitCode.usage : ExitCode.failure };
  }
  const e = err as OclifLike & Error;
  const message = String(e?.message ?? err);
  // oclif's parser errors carry `parse`; "command x not found" is a usage mistake too.
  if (e && (e.parse !== undefined || /^command .* not found/.test(message) || /^Unexpected argument|^Missing \d+ required arg|^Nonexistent flag|^Expected --/.test(message))) {
    return { code: 'HUB_USAGE', message: message.replace(/\s*See more help with --help\.?\s*$/, ''), hint: 'see hub <command> --help', exit: ExitCode.usage };
  }
  const raw = (e as unknown as { code?: unknown })?.code;
  const code = typeof raw === 'string' && /^HUB_/.test(raw) ? raw : 'HUB_INTERNAL';
  return { code, message, hint: code === 'HUB_INTERNAL' ? 'set HUB_DEBUG=1 for the stack trace' : undefined, exit: ExitCode.failure };
}

/** One line, whatever the message contains. */
export function formatError(err: unknown): string {
  const d = describeError(err);
  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
  return `error ${d.code}: ${oneLine(d.message)}${d.hint ? ` (${oneLine(d.hint)})` : ''}`;
}
