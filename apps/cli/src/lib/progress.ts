// Progress of multi-step operations: a spinner on a terminal (stderr), nothing off one.
import type { ProgressEvent } from './backend/types.js';

export interface Progress {
  onProgress: (event: ProgressEvent) => void;
  succeed(text: string): void;
  fail(): void;
}

const silent: Progress = { onProgress: () => {}, succeed: () => {}, fail: () => {} };

export async function startProgress(label: string, opts: { enabled: boolean }): Promise<Progress> {
  if (!opts.enabled || !process.stderr.isTTY) return silent;
  // A terminal without a size (e.g. under `script`) makes spinners redraw forever: plain lines.
  if (!process.stderr.columns || process.stderr.columns < 20) return plainLines(label);
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream: process.stderr, discardStdin: false }).start();
  return {
    onProgress(e) {
      const step = e.step !== undefined && e.steps ? `[${e.step + 1}/${e.steps}] ` : '';
      const text = `${label}: ${step}${e.module ? `${e.module}: ` : ''}${e.message}`;
      spinner.text = text.length > process.stderr.columns - 4 ? text.slice(0, process.stderr.columns - 5) + '…' : text;
    },
    succeed(text) { spinner.succeed(text); },
    fail() { spinner.stop(); },
  };
}

function plainLines(label: string): Progress {
  return {
    onProgress(e) { if (e.phase !== 'step') process.stderr.write(`${label}: ${e.module ? `${e.module}: ` : ''}${e.message}\n`); },
    succeed(text) { process.stderr.write(`done: ${text}\n`); },
    fail() {},
  };
}
