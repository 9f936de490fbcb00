// The online phase (index builds and constraint checks after the commit, see online/) runs one
// run at a time in this process (PGlite has one session); other instances are kept off by
// advisory locks.
import type { ModuleLogger } from '@hub/kit';
import type { Database } from '../db/types.js';
import { runOnlineSteps } from '../online/index.js';

export type OnlineCounts = { done: number; failed: number; busy: number };

export class OnlineRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly o: { db: Database; instanceId: string; lockWait: string; logger: ModuleLogger }) {}

  run(progress?: (message: string) => void): Promise<OnlineCounts> {
    const run = this.chain.catch(() => {}).then(() => (this.closed ? { done: 0, failed: 0, busy: 0 } : runOnlineSteps(this.o.db, {
      instance: this.o.instanceId, lockTimeout: this.o.lockWait,
      onStep: (step, phase) => {
        progress?.(`online ${phase}: ${step.sql}`);
        if (phase === 'failed') this.o.logger.warn(`Online step #${step.id} of "${step.module}" failed (attempt ${step.attempts + 1}): ${step.sql}`);
      },
    })));
    this.chain = run;
    return run;
  }

  /** Waits for the run under way; later runs do nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.chain.catch(() => {});
  }
}
