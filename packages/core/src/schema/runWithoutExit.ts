/** Thrown in place of process.exit() while runWithoutExit runs its function. */
export class ExitAttempt extends Error {
  constructor(readonly code: number | string | null | undefined, readonly output: string) {
    super(output || `process.exit(${code ?? ''}) was called`);
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Runs a synchronous function that may print an error and call process.exit() (drizzle-kit's
 * generateDrizzleJson does on duplicate index or constraint names), turning that into a thrown
 * ExitAttempt carrying what it printed. Being synchronous, nothing else runs meanwhile.
 */
export function runWithoutExit<T>(fn: () => T): T {
  const { exit } = process;
  const { log, error, warn } = console;
  const printed: string[] = [];
  const capture = (...args: unknown[]) => { printed.push(args.map(String).join(' ')); };
  process.exit = ((code?: number | string | null) => {
    throw new ExitAttempt(code, printed.join('\n').replace(ANSI, '').trim());
  }) as typeof process.exit;
  console.log = capture;
  console.error = capture;
  console.warn = capture;
  try {
    return fn();
  } finally {
    process.exit = exit;
    console.log = log;
    console.error = error;
    console.warn = warn;
  }
}
