// A throwing postInit hook, a bad data file and a failing DDL statement each leave
// the database exactly as it was (schemas, rows and hub state), apart from the failed audit row.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { dumpDatabase, hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('atomicity on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('rolls back a throwing hook, a bad data file and a failing DDL statement', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const hub = await f.open(['main', 'broken']);
    const failedAudits = async () => (await hub.audit()).filter((a) => !a.ok);

    // The hook fails after its module's dependency (people) and its own tables were installed in
    // the same transaction: all of it goes.
    let before = await dumpDatabase(hub.db);
    const hook = await hub.apply({ action: 'install', modules: ['hookfail'] }).catch((e) => e);
    expect(hook).toMatchObject({ code: 'HUB_HOOK_FAILED', module: 'hookfail' });
    expect(hook.message).toContain('postInit exploded on purpose');
    expect(await dumpDatabase(hub.db)).toEqual(before);
    expect((await failedAudits()).map((a) => [a.action, a.module, (a.detail as { code: string }).code])).toEqual([['install', 'hookfail', 'HUB_HOOK_FAILED']]);

    await hub.apply({ action: 'install', modules: ['people'] });
    before = await dumpDatabase(hub.db);
    const data = await hub.apply({ action: 'install', modules: ['baddata'] }).catch((e) => e);
    expect(data).toMatchObject({ code: 'HUB_DATA_FILE_INVALID', module: 'baddata' });
    expect(data.message).toContain('data/bad.json');
    expect(data.message).toContain('records[1]');
    expect(data.message).toMatch(/unique|duplicate/i);
    expect(await dumpDatabase(hub.db)).toEqual(before);

    const ddl = await hub.apply({ action: 'install', modules: ['badddl'] }).catch((e) => e);
    expect(ddl).toMatchObject({ code: 'HUB_DDL_FAILED', module: 'badddl' });
    expect(ddl.message).toContain('hub_no_such_function');
    expect(await dumpDatabase(hub.db)).toEqual(before);

    // A failed uninstall with dropTables removes the backups it had written.
    const backupsDir = join(hub.options.dataDir, 'backups');
    const dropPlan = await hub.plan({ action: 'uninstall', modules: ['people'], options: { dropTables: true } });
    expect(dropPlan.modules[0]!.backupTables.length).toBeGreaterThan(0);
    await hub.db.exec('CREATE TABLE public.pins (p integer REFERENCES people.people(id))');
    before = await dumpDatabase(hub.db);
    const drop = await hub.apply({ action: 'uninstall', modules: ['people'], options: { dropTables: true } }).catch((e) => e);
    expect(drop).toMatchObject({ code: 'HUB_DDL_FAILED' });
    expect(await dumpDatabase(hub.db)).toEqual(before);
    expect(existsSync(backupsDir) ? readdirSync(backupsDir) : []).toEqual([]);
    expect((await failedAudits()).length).toBe(4);
  });

  it('says the database\'s reason when a hook\'s query fails', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const hub = await f.open(['main', 'broken']);
    const before = await dumpDatabase(hub.db);
    const failed = await hub.apply({ action: 'install', modules: ['hookquery'] }).catch((e) => e);
    expect(failed).toMatchObject({ code: 'HUB_HOOK_FAILED', module: 'hookquery' });
    expect(failed.message).toContain('relation "hookquery.no_such_table" does not exist');
    expect(failed.message).toContain('postInit');
    expect(failed.hint).toMatch(/rolled back/);
    expect(await dumpDatabase(hub.db)).toEqual(before);
  });
});
