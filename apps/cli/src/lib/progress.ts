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
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream: process.stderr }).start();
  return {
    onProgress(e) {
      const step = e.step !== undefined && e.steps ? `[${e.step + 1}/${e.steps}] ` : '';
      spinner.text = `${label}: ${step}${e.module ? `${e.module}: ` : ''}${e.message}`;
    },
    succeed(text) { spinner.succeed(text); },
    fail() { spinner.stop(); },
  };
}
