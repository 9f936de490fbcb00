// Confirmation of destructive commands on a pseudo-terminal (util-linux `script`): "n" changes
// nothing (exit 1), "y" goes on; off a terminal the same command needs --yes (exit 2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { moduleRows, targetEnv, withDb, type Target } from './db.js';
import { expectExit, expectOneLineError, fixtures, hasScript, hub, onTerminal, tempHost } from './helpers.js';

describe.skipIf(!hasScript())('confirmation on a terminal', () => {
  const { create } = testDatabases().find((d) => d.kind === 'pglite')!;
  let target: Target;
  let host: { dir: string; rm: () => void };
  let env: Record<string, string>;

  beforeAll(async () => {
    target = await create();
    host = tempHost();
    env = { ...targetEnv(target, host.dir), ADDONS_PATHS: fixtures('v1') };
    expectExit(await hub(['module', 'install', 'notes', '--dir', host.dir], { env }), 0);
  });
  afterAll(async () => {
    await target?.drop();
    host?.rm();
  });

  it('off a terminal: exit 2 and one line', async () => {
    const r = await hub(['module', 'uninstall', 'notes', '--dir', host.dir], { env });
    expectExit(r, 2);
    expectOneLineError(r, 'HUB_CONFIRMATION_REQUIRED');
  });

  it('answering n changes nothing', async () => {
    const r = await onTerminal(['module', 'uninstall', 'notes', '--drop-tables', '--dir', host.dir], { env, input: 'n\r' });
    expect(r.stdout).toMatch(/uninstall notes and drop its tables loses data .*\[y\/N\]/);
    expect(r.stdout).toContain('Aborted: nothing was changed.');
    expect(r.code).toBe(1);
    await withDb(target, async (db) => expect((await moduleRows(db)).notes?.state).toBe('installed'));
  });

  it('answering y uninstalls', async () => {
    const r = await onTerminal(['module', 'uninstall', 'notes', '--drop-tables', '--dir', host.dir], { env, input: 'y\r' });
    expect(r.stdout).toContain('[y/N]');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Uninstalled notes/);
    await withDb(target, async (db) => expect((await moduleRows(db)).notes?.state).toBe('uninstalled'));
  });
});
