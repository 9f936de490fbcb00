// contacts over HTTP through the real server: CRUD, search, validation and permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { testHost } from './harness.js';
import { install, startServer, userWith, type Call } from '@hub/server/testing';

describe.each(testDatabases())('contacts HTTP API on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let stop: () => Promise<void>;
  let call: Call;
  let admin: string;
  let reader: string;
  let started: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    host = testHost(await create());
    host.link(['base', 'contacts']);
    const hub = await host.open();
    started = await startServer(hub);
    ({ call, admin } = started);
    stop = () => started.server.close();
    await install(call, admin, 'contacts');
    reader = await userWith(call, admin, started.login, 'reader@test.local', ['contacts.read']);
  });
  afterAll(async () => { await stop?.(); await host?.cleanup(); });

  it('creates, reads, updates and deletes a company and a person', async () => {
    const company = await call('POST', '/api/v1/contacts/companies', { token: admin, body: { name: 'Initech', email: 'info@initech.example' } });
    expect(company.status).toBe(201);
    const person = await call('POST', '/api/v1/contacts/people', { token: admin, body: { firstName: 'Peter', lastName: 'Gibbons', companyId: company.body.id } });
    expect([person.status, person.body.fullName]).toEqual([201, 'Peter Gibbons']);

    const read = await call('GET', `/api/v1/contacts/companies/${company.body.id}`, { token: admin });
    expect(read.body).toMatchObject({ name: 'Initech', people: [{ fullName: 'Peter Gibbons' }] });
    const patched = await call('PATCH', `/api/v1/contacts/companies/${company.body.id}`, { token: admin, body: { website: 'https://initech.example' } });
    expect(patched.body).toMatchObject({ name: 'Initech', website: 'https://initech.example' });

    expect((await call('DELETE', `/api/v1/contacts/people/${person.body.id}`, { token: admin })).status).toBe(204);
    expect((await call('DELETE', `/api/v1/contacts/companies/${company.body.id}`, { token: admin })).status).toBe(204);
    const gone = await call('GET', `/api/v1/contacts/companies/${company.body.id}`, { token: admin });
    expect([gone.status, gone.body.code, gone.body.module]).toEqual([404, 'HUB_CONTACTS_NOT_FOUND', 'contacts']);
  });

  it('searches companies and people', async () => {
    const r = await call('GET', '/api/v1/contacts/search?q=acme', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.companies.map((c: any) => c.name)).toEqual(['Acme Corporation']);
    expect(r.body.people.map((p: any) => p.email)).toEqual(['wile@acme.example']);
    const missing = await call('GET', '/api/v1/contacts/search', { token: admin });
    expect([missing.status, missing.body.code]).toEqual([400, 'HUB_REQUEST_INVALID']);
  });

  it('validates bodies: 400 with the fields', async () => {
    const r = await call('POST', '/api/v1/contacts/people', { token: admin, body: { email: 'not-an-email' } });
    expect(r.status).toBe(400);
    expect(r.body.details.fields.map((f: any) => f.path).sort()).toEqual(['email', 'firstName']);
  });

  it('enforces contacts.read and contacts.write', async () => {
    expect((await call('GET', '/api/v1/contacts/companies')).status).toBe(401);
    expect((await call('GET', '/api/v1/contacts/companies', { token: reader })).status).toBe(200);
    const denied = await call('POST', '/api/v1/contacts/companies', { token: reader, body: { name: 'Nope' } });
    expect([denied.status, denied.body.code]).toEqual([403, 'HUB_PERMISSION_DENIED']);
  });

  it('shows its menus, permissions and admin bundle to the admin app', async () => {
    const info = await call('GET', '/api/v1/modules/contacts', { token: admin });
    expect(info.body).toMatchObject({
      state: 'installed', mounted: true, version: '0.2.0', apiPrefix: '/api/v1/contacts', tags: ['Contacts'],
      menus: [{ name: 'Contacts', path: '/', permission: 'contacts.read' }], permissions: ['contacts.read', 'contacts.write'],
    });
    const bundle = await fetch(new URL(info.body.admin, started.server.url!));
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, expect.stringMatching(/javascript/)]);
    const code = await bundle.text();
    // One ES module that imports the admin's own copy of vue instead of bundling one.
    expect(code).toMatch(/from\s*"(vue|\/admin\/vendor\/vue\.js)"/);
    expect(code).not.toMatch(/createApp\(/);
  });

  it('lists its routes in the OpenAPI document under its tag', async () => {
    const doc = await call('GET', '/api/openapi.json', { token: admin });
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/contacts/search'].get.tags).toEqual(['Contacts']);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/contacts/companies/{id}', '/api/v1/contacts/people']));
  });
});
