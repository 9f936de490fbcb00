// The upgrade story: a database at contacts 0.1.0 (test/fixtures/v0.1.0, installed with the
// engine) is upgraded to the current code (0.2.0) by upgradeCase from @hub/server/testing. The new
// column is added and filled by migrations['0.2.0'].post, the new index and table exist, nothing
// is lost, and the upgraded schema equals a fresh install of 0.2.0.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { testDatabases } from '@hub/tooling/test-databases';
import { upgradeCase } from '@hub/server/testing';
import type { ContactsServices } from '../src/index.js';

/** What contacts' database role may do on each table, as information_schema reports it. */
async function roleGrants(ctx: { query<T>(sql: string): Promise<T[]> }): Promise<Record<string, string>> {
  const rows = await ctx.query<{ t: string; p: string }>(`SELECT table_schema || '.' || table_name AS t, string_agg(privilege_type, ',' ORDER BY privilege_type) AS p
    FROM information_schema.role_table_grants WHERE grantee = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_contacts' GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(rows.map((r) => [r.t, r.p]));
}
const rw = 'DELETE,INSERT,SELECT,UPDATE';

const v010 = fileURLToPath(new URL('./fixtures/v0.1.0', import.meta.url));
const modulesDir = fileURLToPath(new URL('../..', import.meta.url));

describe.each(testDatabases())('contacts 0.1.0 -> 0.2.0 on $kind', ({ create }) => {
  it('adds and fills people.full_name, adds the index and the notes table, keeps every row, matches a fresh install', async () => {
    const { plan } = await upgradeCase({
      module: 'contacts', previous: v010, modulesDir, create,
      // On 0.1.0: a row added by a user on top of the seed data.
      async prepare(ctx) {
        await ctx.query(`INSERT INTO contacts.people (company_id, first_name, last_name, email)
                         SELECT id, 'Wile E.', 'Coyote', 'wile@acme.example' FROM contacts.companies WHERE name = 'Acme Corporation'`);
        const people = await ctx.query('SELECT * FROM contacts.people ORDER BY id');
        expect(people).toHaveLength(4);
        expect(await roleGrants(ctx)).toEqual({ 'contacts.companies': rw, 'contacts.people': rw });
        return { people, companies: await ctx.query('SELECT * FROM contacts.companies ORDER BY id') };
      },
      // On 0.2.0: the column is filled for the rows that existed, nothing else changed, the new code works.
      async check(ctx, before) {
        const after = await ctx.query<Record<string, unknown>>('SELECT * FROM contacts.people ORDER BY id');
        expect(after.map((p) => p.full_name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Linus', 'Wile E. Coyote']);
        expect(after.map(({ full_name: _, ...rest }) => rest)).toEqual(before.people);
        expect(await ctx.query('SELECT * FROM contacts.companies ORDER BY id')).toEqual(before.companies);
        // The new table is the module's too: its role may read and write it.
        expect(await roleGrants(ctx)).toEqual({ 'contacts.companies': rw, 'contacts.notes': rw, 'contacts.people': rw });
        expect(await ctx.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'contacts' AND indexname = 'people_full_name_idx'`)).toHaveLength(1);
        const [migration] = (await ctx.hub.migrations('contacts')).filter((m) => m.toVersion === '0.2.0');
        expect(migration).toMatchObject({ fromVersion: '0.1.0', toVersion: '0.2.0' });
        const contacts = await ctx.services<ContactsServices>('contacts');
        const wile = (await contacts.search('coyote')).people[0]!;
        expect(wile.fullName).toBe('Wile E. Coyote');
        const note = await contacts.addNote({ personId: wile.id, body: 'Orders a lot from Acme' });
        expect((await contacts.getPerson(wile.id)).notes).toEqual([note]);
      },
    });
    const [step] = plan.modules;
    expect(step).toMatchObject({ name: 'contacts', action: 'upgrade', fromVersion: '0.1.0', toVersion: '0.2.0', dataLoss: [] });
    const sql = step!.statements.map((s) => s.sql).join('\n');
    expect(sql).toMatch(/ADD COLUMN "full_name"/);
    expect(sql).toMatch(/CREATE TABLE[^\n]*"contacts"\."notes"/);
    expect(sql).toMatch(/CREATE INDEX[^\n]*"people_full_name_idx"/);
    expect(step!.hooks).toContain('migrations[0.2.0].post');
  });
});
