// Engine: model inheritance of contacts.people by contacts_loyalty (the
// example module of this repository) and fixtures, on PGlite and PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '../../src/hub/types.js';
import { extensionFixture, extensionHost, peopleColumns } from './harness.js';

type Person = { id: number; firstName: string; loyaltyPoints?: number };
type ContactsServices = { createPerson(input: { firstName: string; lastName?: string }): Promise<Person> };

const ADD_POINTS = 'ALTER TABLE "contacts"."people" ADD COLUMN "loyalty_points" integer DEFAULT 0 NOT NULL;';
const DROP_POINTS = 'ALTER TABLE "contacts"."people" DROP COLUMN "loyalty_points";';
const CONTACTS_PEOPLE = ['id', 'company_id', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'created_at'];

const extra = (name: string) => ({ [name]: extensionFixture(`extra/${name}`) });
const ownRows = (hub: Hub) => hub.db.query(`SELECT ${CONTACTS_PEOPLE.join(', ')} FROM contacts.people ORDER BY id`);

describe.each(testDatabases())('extending contacts on $kind', ({ create }) => {
  let host: ReturnType<typeof extensionHost> | undefined;
  afterEach(async () => { await host?.cleanup(); host = undefined; });

  it('adds loyalty_points to a populated contacts.people, keeps it through a contacts upgrade, drops only it on uninstall after a backup', async () => {
    host = extensionHost(await create());
    host.link(['contacts', 'contacts_loyalty']);
    let hub = await host.open();
    await hub.apply({ action: 'install', modules: ['contacts'] });
    await hub.services<ContactsServices>('contacts').then((s) => s.createPerson({ firstName: 'Wile E.', lastName: 'Coyote' }));
    const before = await ownRows(hub);
    expect(before.length).toBeGreaterThanOrEqual(3);

    // Planned on contacts' table: one ADD COLUMN, nothing else.
    const plan = await hub.plan({ action: 'install', modules: ['contacts_loyalty'] });
    expect(plan.modules.map((m) => [m.name, m.statements.map((s) => s.sql)])).toEqual([['contacts_loyalty', [ADD_POINTS]]]);
    await hub.apply({ action: 'install', modules: ['contacts_loyalty'] });
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, 'loyalty_points']);
    expect(await ownRows(hub)).toEqual(before);
    expect(await hub.db.query('SELECT DISTINCT loyalty_points AS p FROM contacts.people')).toEqual([{ p: 0 }]);

    // Ownership ledger: the column is contacts_loyalty's; contacts owns its tables, columns, indexes.
    expect((await hub.get('contacts_loyalty')).owns).toEqual([{ kind: 'column', schema: 'contacts', table: 'people', name: 'loyalty_points' }]);
    const contactsOwns = (await hub.get('contacts')).owns!;
    expect(contactsOwns).toEqual(expect.arrayContaining([
      { kind: 'schema', schema: 'contacts', name: 'contacts' },
      { kind: 'table', schema: 'contacts', name: 'people' },
      { kind: 'column', schema: 'contacts', table: 'people', name: 'first_name' },
      { kind: 'index', schema: 'contacts', table: 'people', name: 'people_full_name_idx' },
    ]));
    expect(contactsOwns.some((o) => o.name === 'loyalty_points')).toBe(false);

    // The wrapped service grants welcome points.
    const created = await (await hub.services<ContactsServices>('contacts')).createPerson({ firstName: 'Road', lastName: 'Runner' });
    expect(created.loyaltyPoints).toBe(50);
    await hub.db.query('UPDATE contacts.people SET loyalty_points = 700 WHERE id = $1', [before[0]!.id]);
    const points = await hub.db.query('SELECT id, loyalty_points FROM contacts.people ORDER BY id');
    await host.close();

    // contacts upgraded (0.3.0 adds people.birthday) while loyalty is installed: its column stays.
    host.link({ contacts: extensionFixture('contacts-v0.3.0') });
    hub = await host.open();
    const upgrade = await hub.plan({ action: 'upgrade', modules: ['contacts'] });
    expect(upgrade.modules.map((m) => [m.name, m.statements.map((s) => s.sql), m.dataLoss])).toEqual([
      ['contacts', ['ALTER TABLE "contacts"."people" ADD COLUMN "birthday" date;'], []],
    ]);
    await hub.apply({ action: 'upgrade', modules: ['contacts'] });
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, 'loyalty_points', 'birthday']);
    expect(await hub.db.query('SELECT id, loyalty_points FROM contacts.people ORDER BY id')).toEqual(points);
    expect((await hub.schemaStatus('contacts')).upToDate).toBe(true);
    expect((await hub.schemaStatus('contacts_loyalty')).upToDate).toBe(true);

    // Uninstall: only loyalty_points goes, after a backup of the key and the values.
    const un = await hub.plan({ action: 'uninstall', modules: ['contacts_loyalty'] });
    expect(un.modules.map((m) => [m.name, m.statements.map((s) => s.sql)])).toEqual([['contacts_loyalty', [DROP_POINTS]]]);
    expect(un.warnings.join('\n')).toContain('contacts.people.loyalty_points are dropped after a backup');
    const result = await hub.apply({ action: 'uninstall', modules: ['contacts_loyalty'] });
    expect(result.backups).toHaveLength(1);
    expect(result.backups[0]!.tables).toEqual([{ table: 'contacts.people', rows: points.length, file: 'contacts.people.jsonl' }]);
    const lines = readFileSync(join(result.backups[0]!.path, 'contacts.people.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual(points);
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, 'birthday']);
    expect((await hub.get('contacts_loyalty')).owns).toEqual([]);
    expect(await hub.db.query(`SELECT count(*)::int AS n FROM hub.ownership WHERE module = 'contacts' AND column_name = 'birthday'`)).toEqual([{ n: 1 }]);
    expect((await hub.backups('contacts_loyalty')).map((b) => b.id)).toEqual([result.backups[0]!.id]);
    await host.close();

    // Back to the current contacts: a reinstall adds the column again (empty), contacts' services are no longer wrapped.
    host.link(['contacts']);
    hub = await host.open();
    const again = await hub.plan({ action: 'install', modules: ['contacts_loyalty'] });
    expect(again.modules.map((m) => m.statements.map((s) => s.sql))).toEqual([[ADD_POINTS]]);
    // A restore of the column backup needs the column back (reinstall), then UPDATEs it by key.
    await expect(hub.apply({ action: 'restore', modules: ['contacts_loyalty'] })).rejects.toMatchObject({ code: 'HUB_BACKUP_INVALID' });
    await hub.apply({ action: 'install', modules: ['contacts_loyalty'] });
    expect(await hub.db.query('SELECT DISTINCT loyalty_points AS p FROM contacts.people')).toEqual([{ p: 0 }]);
    const countBefore = await hub.db.query('SELECT count(*)::int AS n FROM contacts.people');
    await hub.apply({ action: 'restore', modules: ['contacts_loyalty'], options: { backupId: result.backups[0]!.id } });
    expect(await hub.db.query('SELECT id, loyalty_points FROM contacts.people ORDER BY id')).toEqual(points);
    expect(await hub.db.query('SELECT count(*)::int AS n FROM contacts.people')).toEqual(countBefore);
  });

  it('installs contacts_loyalty on an empty database: contacts first, the column added on the table planned just before', async () => {
    host = extensionHost(await create());
    host.link(['contacts', 'contacts_loyalty']);
    const hub = await host.open();
    const plan = await hub.plan({ action: 'install', modules: ['contacts_loyalty'] });
    expect(plan.modules.map((m) => [m.name, m.reason])).toEqual([['contacts', 'dependency'], ['contacts_loyalty', 'requested']]);
    expect(plan.modules[1]!.statements.map((s) => s.sql)).toEqual([ADD_POINTS]);
    await hub.apply({ action: 'install', modules: ['contacts_loyalty'] });
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, 'loyalty_points']);
    // The seed people of contacts were loaded before the column existed: they have the default.
    expect(await hub.db.query('SELECT DISTINCT loyalty_points AS p FROM contacts.people')).toEqual([{ p: 0 }]);
    // Rolling back the install migration of contacts_loyalty drops its column again.
    await hub.apply({ action: 'rollback', modules: ['contacts_loyalty'], options: { acceptDataLoss: true } });
    expect(await peopleColumns(hub)).toEqual(CONTACTS_PEOPLE);
  });

  it('refuses, at validation and at plan, an extension of a module that is not a dependency and redeclared or taken columns', async () => {
    host = extensionHost(await create());
    host.link(['contacts', 'contacts_loyalty']);
    host.link({ ...extra('rogue'), ...extra('contacts_clash'), ...extra('points_clash') });
    const hub = await host.open();

    const rogue = await hub.validate('rogue');
    expect(rogue.valid).toBe(false);
    expect(rogue.errors).toEqual([expect.objectContaining({
      category: 'schema', code: 'HUB_EXTENSION_NOT_A_DEPENDENCY',
      message: 'Module "rogue" declares table "contacts.people" in the schema of module "contacts", which it does not depend on',
      hint: expect.stringContaining('@hub/module-contacts'),
    })]);
    await hub.apply({ action: 'install', modules: ['contacts'] });
    await expect(hub.plan({ action: 'install', modules: ['rogue'] })).rejects.toMatchObject({ code: 'HUB_EXTENSION_NOT_A_DEPENDENCY' });

    const clash = await hub.validate('contacts_clash');
    expect(clash.errors).toEqual([expect.objectContaining({ code: 'HUB_EXTENSION_COLUMN_CONFLICT', message: expect.stringContaining('"contacts.people"."email", which is a column of module "contacts"') })]);
    await expect(hub.plan({ action: 'install', modules: ['contacts_clash'] })).rejects.toMatchObject({ code: 'HUB_EXTENSION_COLUMN_CONFLICT' });

    // A column another extension already adds.
    expect((await hub.validate('points_clash')).valid).toBe(true);
    await hub.apply({ action: 'install', modules: ['contacts_loyalty'] });
    expect((await hub.validate('points_clash')).errors).toEqual([expect.objectContaining({
      code: 'HUB_EXTENSION_COLUMN_CONFLICT', message: expect.stringContaining('which module "contacts_loyalty" already adds'),
    })]);
    await expect(hub.apply({ action: 'install', modules: ['points_clash'] })).rejects.toMatchObject({ code: 'HUB_EXTENSION_COLUMN_CONFLICT' });
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, 'loyalty_points']);
    expect(await hub.db.query(`SELECT name FROM hub.modules WHERE state = 'installed' ORDER BY name`)).toEqual([{ name: 'contacts' }, { name: 'contacts_loyalty' }]);

    // The owner cannot take a column an installed extension owns.
    await host!.close();
    host!.link({ contacts: extensionFixture('contacts-takes-points') });
    const next = await host!.open();
    await expect(next.plan({ action: 'upgrade', modules: ['contacts'] })).rejects.toMatchObject({
      code: 'HUB_EXTENSION_COLUMN_CONFLICT', message: expect.stringContaining('which module "contacts_loyalty" already adds'),
    });
  });

  it.each([['contacts_loyalty', 'contacts_vip'], ['contacts_vip', 'contacts_loyalty']])('two modules extend contacts.people; uninstall %s first, then %s', async (first, second) => {
    host = extensionHost(await create());
    host.link(['contacts', 'contacts_loyalty']);
    host.link(extra('contacts_vip'));
    const hub = await host.open();
    await hub.apply({ action: 'install', modules: ['contacts'] });
    const before = await ownRows(hub);
    // Both in one plan: the second is diffed on contacts' table with the first one's column.
    const plan = await hub.plan({ action: 'install', modules: ['contacts_loyalty', 'contacts_vip'] });
    expect(plan.modules.map((m) => [m.name, m.statements.map((s) => s.sql)])).toEqual([
      ['contacts_loyalty', [ADD_POINTS]],
      ['contacts_vip', [
        'ALTER TABLE "contacts"."people" ADD COLUMN "vip" boolean DEFAULT false NOT NULL;',
        'CREATE INDEX "people_vip_idx" ON "contacts"."people" USING btree ("vip");',
      ]],
    ]);
    await hub.apply({ action: 'install', modules: ['contacts_loyalty', 'contacts_vip'] });
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, 'loyalty_points', 'vip']);
    expect((await hub.get('contacts_vip')).owns).toEqual([
      { kind: 'index', schema: 'contacts', table: 'people', name: 'people_vip_idx' },
      { kind: 'column', schema: 'contacts', table: 'people', name: 'vip' },
    ]);
    const created = await (await hub.services<ContactsServices>('contacts')).createPerson({ firstName: 'Both' });
    expect(created.loyaltyPoints).toBe(50);

    const column = { contacts_loyalty: 'loyalty_points', contacts_vip: 'vip' } as Record<string, string>;
    await hub.apply({ action: 'uninstall', modules: [first!] });
    expect(await peopleColumns(hub)).toEqual([...CONTACTS_PEOPLE, column[second!]]);
    expect((await hub.schemaStatus(second!)).upToDate).toBe(true);
    await hub.apply({ action: 'uninstall', modules: [second!] });
    expect(await peopleColumns(hub)).toEqual(CONTACTS_PEOPLE);
    expect(await hub.db.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'contacts' AND tablename = 'people' ORDER BY 1`))
      .toEqual([{ indexname: 'people_full_name_idx' }, { indexname: 'people_pkey' }]);
    const rows = await ownRows(hub);
    expect(rows.slice(0, before.length)).toEqual(before);

    // Reinstalled in the other order, both come back.
    await hub.apply({ action: 'install', modules: [second!] });
    await hub.apply({ action: 'install', modules: [first!] });
    expect((await peopleColumns(hub)).slice(CONTACTS_PEOPLE.length).sort()).toEqual(['loyalty_points', 'vip']);
  });
});
