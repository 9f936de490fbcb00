// contacts' services through the real engine: install, seed data, CRUD, search.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { ContactsServices } from '../src/index.js';
import { testHost } from './harness.js';

describe.each(testDatabases())('contacts services on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let hub: Hub;
  let contacts: ContactsServices;

  beforeEach(async () => {
    host = testHost(await create());
    host.link(['contacts']);
    hub = await host.open();
    await hub.apply({ action: 'install', modules: ['contacts'] });
    contacts = await hub.services<ContactsServices>('contacts');
  });
  afterEach(async () => host.cleanup());

  it('installs with its seed rows', async () => {
    expect((await hub.get('contacts')).state).toBe('installed');
    expect(await contacts.stats()).toEqual({ companies: 2, people: 2, notes: 0 });
    expect((await contacts.listCompanies()).map((c) => c.name)).toEqual(['Acme Corporation', 'Globex']);
  });

  it('creates, reads, updates and deletes companies and people', async () => {
    const initech = await contacts.createCompany({ name: 'Initech', email: 'info@initech.example' });
    const peter = await contacts.createPerson({ firstName: 'Peter', lastName: 'Gibbons', companyId: initech.id });
    expect(peter.fullName).toBe('Peter Gibbons');

    const withPeople = await contacts.getCompany(initech.id);
    expect(withPeople.people.map((p) => p.fullName)).toEqual(['Peter Gibbons']);

    const renamed = await contacts.updatePerson(peter.id, { lastName: 'G.' });
    expect(renamed.fullName).toBe('Peter G.');
    await contacts.addNote({ personId: peter.id, body: 'Prefers Mondays off' });
    const detail = await contacts.getPerson(peter.id);
    expect(detail.company?.name).toBe('Initech');
    expect(detail.notes.map((n) => n.body)).toEqual(['Prefers Mondays off']);

    // Deleting the company keeps the person, without company (ON DELETE SET NULL).
    await contacts.deleteCompany(initech.id);
    expect((await contacts.getPerson(peter.id)).companyId).toBeNull();
    await contacts.deletePerson(peter.id);
    await expect(contacts.getPerson(peter.id)).rejects.toMatchObject({ code: 'HUB_CONTACTS_NOT_FOUND', status: 404 });
  });

  it('refuses a person in a company that does not exist', async () => {
    await expect(contacts.createPerson({ firstName: 'Nobody', companyId: 999 })).rejects.toMatchObject({ code: 'HUB_CONTACTS_NOT_FOUND' });
  });

  it('searches names and emails, case-insensitively, with % and _ taken literally', async () => {
    await contacts.createPerson({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@analytical.example' });
    const found = await contacts.search('LOVE');
    expect(found.people.map((p) => p.fullName)).toEqual(['Ada Lovelace']);
    expect((await contacts.search('globex')).companies.map((c) => c.name)).toEqual(['Globex']);
    expect(await contacts.search('%')).toEqual({ companies: [], people: [] });
  });
});
