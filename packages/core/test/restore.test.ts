// Restores of lifecycle backups after the schema moved on: renames followed, a table added since
// that references a restored one, a dropped column refused by code unless accepted.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('restore after upgrades on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('follows a rename, keeps a new referencing table working, refuses a dropped column by code', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);

    let hub = await f.open(['shelf-v1']);
    await hub.apply({ action: 'install', modules: ['shelf'] });
    await hub.db.exec(`INSERT INTO shelf.items (title, price) VALUES ('Apple', 1.25), ('Pear', NULL), ('Plum', 3.50)`);
    const backup = (await hub.apply({ action: 'backup', modules: ['shelf'] })).backups[0]!;
    await hub.close();

    // v2 renames title to name and adds notes referencing items; rows change after the backup.
    hub = await f.open(['shelf-v2']);
    await hub.apply({ action: 'upgrade', modules: ['shelf'] });
    await hub.db.exec(`UPDATE shelf.items SET name = 'changed', price = 0; INSERT INTO shelf.notes (item, body) VALUES (1, 'about apple')`);
    const plan = await hub.plan({ action: 'restore', modules: ['shelf'], options: { backupId: backup.id } });
    expect(plan.text).toContain('title -> name');
    await hub.apply({ action: 'restore', modules: ['shelf'], options: { backupId: backup.id } });
    expect(await hub.db.query('SELECT id, name, price::text AS price FROM shelf.items ORDER BY id')).toEqual([
      { id: 1, name: 'Apple', price: '1.25' }, { id: 2, name: 'Pear', price: null }, { id: 3, name: 'Plum', price: '3.50' },
    ]);
    expect(await hub.db.query('SELECT item, body FROM shelf.notes')).toEqual([{ item: 1, body: 'about apple' }]);
    await hub.close();

    // v3 drops price: the v1 backup's prices have no place any more.
    hub = await f.open(['shelf-v3']);
    await hub.apply({ action: 'upgrade', modules: ['shelf'], options: { acceptDataLoss: true } });
    await hub.db.exec(`UPDATE shelf.items SET name = 'again'`);
    const refused = await hub.plan({ action: 'restore', modules: ['shelf'], options: { backupId: backup.id } }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_BACKUP_UNMAPPED', status: 409, module: 'shelf' });
    expect(refused.message).toContain('shelf.items.price');
    await expect(hub.apply({ action: 'restore', modules: ['shelf'], options: { backupId: backup.id } })).rejects.toMatchObject({ code: 'HUB_BACKUP_UNMAPPED' });
    expect(await hub.db.query('SELECT DISTINCT name FROM shelf.items')).toEqual([{ name: 'again' }]);
    const accepted = await hub.apply({ action: 'restore', modules: ['shelf'], options: { backupId: backup.id, acceptUnmapped: true } });
    expect(accepted.plan.warnings.join('\n')).toContain('left out (acceptUnmapped): shelf.items.price');
    expect(await hub.db.query('SELECT name FROM shelf.items ORDER BY id')).toEqual([{ name: 'Apple' }, { name: 'Pear' }, { name: 'Plum' }]);
  });
});
