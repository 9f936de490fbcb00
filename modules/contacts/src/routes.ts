// HTTP API of contacts, mounted by the host at /api/v1/contacts/. Every route is declared with
// apiRoute: zod-validated inputs (400 with field errors), a permission (401/403), and an entry in
// the OpenAPI document at /api/docs.
import { apiRoute, Router, z } from '@hub/kit';
import {
  company, companyInput, companyPatch, idParams, listQuery, note, noteInput, peopleQuery, person, personInput, personPatch, searchQuery,
} from './inputs.js';
import type { ContactsContext } from './services.js';

const READ = 'contacts.read';
const WRITE = 'contacts.write';

export function contactsRoutes(ctx: ContactsContext): Router {
  const router = Router();
  // Looked up per request through the host, so wrappers other modules install apply without a restart.
  const contacts = () => ctx.module('contacts');

  apiRoute(router, { method: 'get', path: '/search', summary: 'Search companies and people by name or email', query: searchQuery, permission: READ,
    response: z.object({ companies: z.array(company), people: z.array(person) }) },
  async (req, res) => { res.json(await contacts().search(req.valid.query.q, req.valid.query.limit)); });

  // --- companies ---------------------------------------------------------------------------
  apiRoute(router, { method: 'get', path: '/companies', summary: 'List companies', query: listQuery, permission: READ, response: z.array(company) },
    async (req, res) => { res.json(await contacts().listCompanies(req.valid.query)); });
  apiRoute(router, { method: 'post', path: '/companies', summary: 'Create a company', body: companyInput, permission: WRITE, response: company },
    async (req, res) => { res.status(201).json(await contacts().createCompany(req.valid.body)); });
  apiRoute(router, { method: 'get', path: '/companies/:id', summary: 'A company with its people', params: idParams, permission: READ,
    response: company.extend({ people: z.array(person) }) },
  async (req, res) => { res.json(await contacts().getCompany(req.valid.params.id)); });
  apiRoute(router, { method: 'patch', path: '/companies/:id', summary: 'Change a company', params: idParams, body: companyPatch, permission: WRITE, response: company },
    async (req, res) => { res.json(await contacts().updateCompany(req.valid.params.id, req.valid.body)); });
  apiRoute(router, { method: 'delete', path: '/companies/:id', summary: 'Delete a company (its people are kept, without company)', params: idParams, permission: WRITE, status: 204 },
    async (req, res) => { await contacts().deleteCompany(req.valid.params.id); res.status(204).end(); });

  // --- people ------------------------------------------------------------------------------
  apiRoute(router, { method: 'get', path: '/people', summary: 'List people', query: peopleQuery, permission: READ, response: z.array(person) },
    async (req, res) => { res.json(await contacts().listPeople(req.valid.query)); });
  apiRoute(router, { method: 'post', path: '/people', summary: 'Create a person', body: personInput, permission: WRITE, response: person },
    async (req, res) => { res.status(201).json(await contacts().createPerson(req.valid.body)); });
  apiRoute(router, { method: 'get', path: '/people/:id', summary: 'A person with company and notes', params: idParams, permission: READ,
    response: person.extend({ company: company.nullable(), notes: z.array(note) }) },
  async (req, res) => { res.json(await contacts().getPerson(req.valid.params.id)); });
  apiRoute(router, { method: 'patch', path: '/people/:id', summary: 'Change a person', params: idParams, body: personPatch, permission: WRITE, response: person },
    async (req, res) => { res.json(await contacts().updatePerson(req.valid.params.id, req.valid.body)); });
  apiRoute(router, { method: 'delete', path: '/people/:id', summary: 'Delete a person', params: idParams, permission: WRITE, status: 204 },
    async (req, res) => { await contacts().deletePerson(req.valid.params.id); res.status(204).end(); });

  // --- notes -------------------------------------------------------------------------------
  apiRoute(router, { method: 'get', path: '/notes', summary: 'Notes of a company or a person',
    query: z.object({ companyId: idParams.shape.id.optional(), personId: idParams.shape.id.optional() }), permission: READ, response: z.array(note) },
  async (req, res) => { res.json(await contacts().listNotes(req.valid.query)); });
  apiRoute(router, { method: 'post', path: '/notes', summary: 'Add a note to a company or a person', body: noteInput, permission: WRITE, response: note },
    async (req, res) => { res.status(201).json(await contacts().addNote(req.valid.body)); });

  return router;
}
