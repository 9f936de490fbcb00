// The upgrade story: a database at contacts 0.1.0 (test/fixtures/v0.1.0, installed with the
// engine) is upgraded to the current code (0.2.0). The new column is added and filled by
// migrations['0.2.0'].post, the new index and table exist, and nothing is lost.
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { testDatabases } from '@hub/tooling/test-databases';
import type { ContactsServices } from '../src/index.js';
import type { Hub } from '@hub/core';
import { query, testHost } from './harness.js';

/** The contacts schema as PostgreSQL sees it: columns, constraints, indexes. */
async function introspect(hub: Hub): Promise<unknown> {
  return {
    columns: await query(hub, `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
                               WHERE table_schema = 'contacts' ORDER BY 1, 2`),
    constraints: await query(hub, `SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
                                   JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'contacts' ORDER BY 1`),
    indexes: await query(hub, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'contacts' ORDER BY 1`),
  };
}

const v010 = fileURLToPath(new URL('./fixtures/v0.1.0', import.meta.url));

describe.each(testDatabases())('contacts 0.1.0 -> 0.2.0 on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost> | undefined;
  afterEach(async () => { await host?.cleanup(); host = undefined; });

  it('adds and fills people.full_name, adds the index and the notes table, keeps every row', async () => {
    host = testHost(await create());

    // 1. The database as 0.1.0 left it, with rows added by users on top of the seed data.
    host.link({ contacts: v010 });
    const old = await host.open();
    await old.apply({ action: 'install', modules: ['contacts'] });
    expect((await old.get('contacts')).installedVersion).toBe('0.1.0');
    await query(old, `INSERT INTO contacts.people (company_id, first_name, last_name, email)
                      SELECT id, 'Wile E.', 'Coyote', 'wile@acme.example' FROM contacts.companies WHERE name = 'Acme Corporation'`);
    const before = await query(old, 'SELECT * FROM contacts.people ORDER BY id');
    const companiesBefore = await query(old, 'SELECT * FROM contacts.companies ORDER BY id');
    expect(before).toHaveLength(4);
    await host.close();

    // 2. The current code on the same database.
    host.link(['contacts']);
    const hub = await host.open();
    const info = await hub.get('contacts');
    expect(info).toMatchObject({ version: '0.2.0', installedVersion: '0.1.0', upgradable: true });

    const plan = await hub.plan({ action: 'upgrade', modules: ['contacts'] });
    const [step] = plan.modules;
    expect(step).toMatchObject({ name: 'contacts', action: 'upgrade', fromVersion: '0.1.0', toVersion: '0.2.0', dataLoss: [] });
    const sql = step!.statements.map((s) => s.sql).join('\n');
    expect(sql).toMatch(/ADD COLUMN "full_name"/);
    expect(sql).toMatch(/CREATE TABLE[^\n]*"contacts"\."notes"/);
    expect(sql).toMatch(/CREATE INDEX[^\n]*"people_full_name_idx"/);
    expect(step!.hooks).toContain('migrations[0.2.0].post');

    await hub.apply({ action: 'upgrade', modules: ['contacts'] }, { planHash: plan.hash });
    expect((await hub.get('contacts')).installedVersion).toBe('0.2.0');

    // The column is filled for the rows that existed; nothing else changed.
    const after = await query<Record<string, unknown>>(hub, 'SELECT * FROM contacts.people ORDER BY id');
    expect(after.map((p) => p.full_name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Linus', 'Wile E. Coyote']);
    expect(after.map(({ full_name: _, ...rest }) => rest)).toEqual(before);
    expect(await query(hub, 'SELECT * FROM contacts.companies ORDER BY id')).toEqual(companiesBefore);

    // The index and the table exist.
    expect(await query(hub, `SELECT indexname FROM pg_indexes WHERE schemaname = 'contacts' AND indexname = 'people_full_name_idx'`)).toHaveLength(1);
    expect(await query(hub, `SELECT 1 FROM information_schema.tables WHERE table_schema = 'contacts' AND table_name = 'notes'`)).toHaveLength(1);

    // The recorded migration and the new code work on the upgraded data.
    const [migration] = (await hub.migrations('contacts')).filter((m) => m.toVersion === '0.2.0');
    expect(migration).toMatchObject({ fromVersion: '0.1.0', toVersion: '0.2.0' });
    const contacts = await hub.services<ContactsServices>('contacts');
    const wile = (await contacts.search('coyote')).people[0]!;
    expect(wile.fullName).toBe('Wile E. Coyote');
    const note = await contacts.addNote({ personId: wile.id, body: 'Orders a lot from Acme' });
    expect((await contacts.getPerson(wile.id)).notes).toEqual([note]);
  });

  it('gives the same schema as a fresh install of the current code', async () => {
    host = testHost(await create());
    host.link({ contacts: v010 });
    const old = await host.open();
    await old.apply({ action: 'install', modules: ['contacts'] });
    await host.close();
    host.link(['contacts']);
    const upgraded = await host.open();
    await upgraded.apply({ action: 'upgrade', modules: ['contacts'] });
    const afterUpgrade = await introspect(upgraded);

    const fresh = testHost(await create());
    try {
      fresh.link(['contacts']);
      const hub = await fresh.open();
      await hub.apply({ action: 'install', modules: ['contacts'] });
      expect(afterUpgrade).toEqual(await introspect(hub));
    } finally {
      await fresh.cleanup();
    }
  });
});
