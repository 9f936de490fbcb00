// A hub whose database went away still stops when told: SIGTERM ends the process (within the
// 10 s its shutdown allows the closing steps), instead of waiting for its pools to give up.
import { describe, expect, it } from 'vitest';
import { startPostgres } from '@hub/tooling/postgres';
import { startInstance } from './cluster.mjs';

describe('stopping without a database', () => {
  it('SIGTERM ends an instance whose PostgreSQL has stopped', async () => {
    const pg = await startPostgres();
    let instance;
    try {
      instance = await startInstance({ databaseUrl: pg.url });
    } finally {
      await pg.stop();
    }
    // Long enough for its background checks (generation, heartbeat, LISTEN) to find the database gone.
    await new Promise((r) => setTimeout(r, 3000));
    const started = Date.now();
    const ended = await Promise.race([instance.stop().then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]);
    if (!ended) await instance.kill();
    instance.cleanup();
    expect(ended, `still running ${Date.now() - started} ms after SIGTERM:\n${instance.output().slice(-2000)}`).toBe(true);
  });
});
