// The module state snapshot next to an embedded database: `list` read from it answers what the
// hub answers, and it is never trusted once the database was opened by anyone since.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.js';
import { createHub } from '../src/hub/createHub.js';
import type { Hub } from '../src/hub/types.js';
import { listFromSnapshot } from '../src/listFromSnapshot.js';
import { listSnapshotFile } from '../src/state/listSnapshot.js';
import { fixtures, quietLogger, seedPglite, tempHost } from './helpers.js';

describe('list from the state snapshot of an embedded database', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  const setup = async () => {
    const host = tempHost(); cleanups.push(host.rm);
    const dataDir = join(host.dir, '.hub');
    await seedPglite(join(dataDir, 'data'));
    const options = { hostDir: host.dir, dataDir, addonsPaths: [fixtures('main')] };
    const open = async (addonsPaths = options.addonsPaths): Promise<Hub> => {
      const hub = await createHub({ ...options, addonsPaths, logger: quietLogger, env: {} });
      cleanups.push(() => hub.close());
      return hub;
    };
    return { options, dataDir, open };
  };

  it('answers what the hub answered before it closed, for every filter, and is gone while the hub is open', async () => {
    const { options, dataDir, open } = await setup();
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['orders', 'tags'] });
    await hub.apply({ action: 'disable', modules: ['tags'] });
    expect(existsSync(listSnapshotFile(dataDir))).toBe(false);
    const filters = [{}, { installedOnly: true }, { search: 'ORD' }, { category: 'nothing' }];
    const answers = await Promise.all(filters.map((f) => hub.list(f)));
    expect(answers[0]!.find((m) => m.name === 'tags')).toMatchObject({ state: 'installed', enabled: false });
    await hub.close();

    expect(existsSync(listSnapshotFile(dataDir))).toBe(true);
    for (const [i, filter] of filters.entries()) expect(await listFromSnapshot(options, filter)).toEqual(answers[i]);

    // Opening the hub again takes the snapshot away until it closes.
    const again = await open();
    expect(existsSync(listSnapshotFile(dataDir))).toBe(false);
    expect(await listFromSnapshot(options)).toBeUndefined();
    await again.close();
    expect(await listFromSnapshot(options)).toEqual(answers[0]);
  });

  it('shows a module whose package is gone as the hub does (from discovery now, state from the snapshot)', async () => {
    const { options, open } = await setup();
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['orders'] });
    await hub.close();
    const fromSnapshot = await listFromSnapshot({ ...options, addonsPaths: [] });
    const withoutAddons = await open([]);
    expect(fromSnapshot).toEqual(await withoutAddons.list());
    expect(fromSnapshot!.find((m) => m.name === 'orders')?.loadError?.code).toBe('HUB_MODULE_NOT_FOUND');
  });

  it('is stale once anything opened the database since, even without the hub', async () => {
    const { options, dataDir, open } = await setup();
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['orders'] });
    await hub.close();
    expect((await listFromSnapshot(options))!.find((m) => m.name === 'orders')!.enabled).toBe(true);

    // Another program changes the state behind the hub's back: the snapshot must not be believed.
    const db = await openDatabase({ dataDir: join(dataDir, 'data') });
    await db.query(`UPDATE hub.modules SET enabled = false WHERE name = 'orders'`);
    await db.close();
    expect(existsSync(listSnapshotFile(dataDir))).toBe(true);
    expect(await listFromSnapshot(options)).toBeUndefined();

    const reopened = await open();
    expect((await reopened.list()).find((m) => m.name === 'orders')!.enabled).toBe(false);
    await reopened.close();
    expect((await listFromSnapshot(options))!.find((m) => m.name === 'orders')!.enabled).toBe(false);
  });

  it('is not believed when it is damaged or of another format', async () => {
    const { options, dataDir, open } = await setup();
    await (await open()).close();
    expect(await listFromSnapshot(options)).toBeDefined();
    writeFileSync(listSnapshotFile(dataDir), '{"format":1,');
    expect(await listFromSnapshot(options)).toBeUndefined();
    writeFileSync(listSnapshotFile(dataDir), JSON.stringify({ format: 99, stamp: 'x', generation: 0, rows: [] }));
    expect(await listFromSnapshot(options)).toBeUndefined();
  });
});
