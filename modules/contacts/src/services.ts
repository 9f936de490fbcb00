// Contacts business logic. Routes call these; other modules reach them with
// ctx.module('contacts'), typed through the HubModuleServices augmentation below.
import { HubError, type ModuleContext } from '@hub/kit';
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { CompanyInput, CompanyPatch, ListQuery, NoteInput, PeopleQuery, PersonInput, PersonPatch } from './inputs.js';
import * as schema from './schema.js';
import { companies, notes, people, type Company, type Note, type Person } from './schema.js';

export type ContactsContext = ModuleContext<typeof schema>;

const notFound = (what: string, id: number) =>
  new HubError('HUB_CONTACTS_NOT_FOUND', `${what} ${id} does not exist.`, { status: 404, module: 'contacts', hint: 'List them first (GET /api/v1/contacts/companies or /people).' });

/** `%` and `_` typed by a user are literal characters, not wildcards. */
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const fullNameOf = (firstName: string, lastName = '') => `${firstName} ${lastName}`.trim();

export function contactsServices(ctx: ContactsContext) {
  const { db } = ctx;
  // The unfiltered list is what the admin and most API calls read: its SQL is built once and sent as
  // a prepared statement, instead of Drizzle building the same query on every request.
  const everyone = db.select().from(people).orderBy(asc(people.fullName), asc(people.id))
    .limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).prepare('contacts_list_people');

  async function companyOrThrow(id: number): Promise<Company> {
    const [row] = await db.select().from(companies).where(eq(companies.id, id));
    if (!row) throw notFound('Company', id);
    return row;
  }
  async function personOrThrow(id: number): Promise<Person> {
    const [row] = await db.select().from(people).where(eq(people.id, id));
    if (!row) throw notFound('Person', id);
    return row;
  }

  return {
    // --- companies -------------------------------------------------------------------------
    async listCompanies({ q, limit = 50, offset = 0 }: ListQuery = {}): Promise<Company[]> {
      const where = q ? or(ilike(companies.name, like(q)), ilike(companies.email, like(q))) : undefined;
      return db.select().from(companies).where(where).orderBy(asc(companies.name), asc(companies.id)).limit(limit).offset(offset);
    },
    async getCompany(id: number): Promise<Company & { people: Person[] }> {
      const company = await companyOrThrow(id);
      const members = await db.select().from(people).where(eq(people.companyId, id)).orderBy(asc(people.fullName));
      return { ...company, people: members };
    },
    async createCompany(input: CompanyInput): Promise<Company> {
      const [row] = await db.insert(companies).values(input).returning();
      ctx.logger.info(`company ${row!.id} created`);
      return row!;
    },
    async updateCompany(id: number, patch: CompanyPatch): Promise<Company> {
      if (Object.keys(patch).length === 0) return companyOrThrow(id);
      const [row] = await db.update(companies).set(patch).where(eq(companies.id, id)).returning();
      if (!row) throw notFound('Company', id);
      return row;
    },
    async deleteCompany(id: number): Promise<void> {
      const deleted = await db.delete(companies).where(eq(companies.id, id)).returning({ id: companies.id });
      if (deleted.length === 0) throw notFound('Company', id);
    },

    // --- people ----------------------------------------------------------------------------
    async listPeople({ q, companyId, limit = 50, offset = 0 }: PeopleQuery = {}): Promise<Person[]> {
      if (!q && companyId === undefined) return everyone.execute({ limit, offset });
      const filters: (SQL | undefined)[] = [];
      if (q) filters.push(or(ilike(people.fullName, like(q)), ilike(people.email, like(q))));
      if (companyId !== undefined) filters.push(eq(people.companyId, companyId));
      return db.select().from(people).where(and(...filters)).orderBy(asc(people.fullName), asc(people.id)).limit(limit).offset(offset);
    },
    async getPerson(id: number): Promise<Person & { company: Company | null; notes: Note[] }> {
      const person = await personOrThrow(id);
      const company = person.companyId === null ? null : ((await db.select().from(companies).where(eq(companies.id, person.companyId)))[0] ?? null);
      const personNotes = await db.select().from(notes).where(eq(notes.personId, id)).orderBy(asc(notes.createdAt), asc(notes.id));
      return { ...person, company, notes: personNotes };
    },
    async createPerson(input: PersonInput): Promise<Person> {
      if (input.companyId != null) await companyOrThrow(input.companyId);
      const lastName = input.lastName ?? '';
      const [row] = await db.insert(people).values({ ...input, lastName, fullName: fullNameOf(input.firstName, lastName) }).returning();
      return row!;
    },
    async updatePerson(id: number, patch: PersonPatch): Promise<Person> {
      const current = await personOrThrow(id);
      if (patch.companyId != null) await companyOrThrow(patch.companyId);
      const firstName = patch.firstName ?? current.firstName;
      const lastName = patch.lastName ?? current.lastName;
      const [row] = await db.update(people).set({ ...patch, fullName: fullNameOf(firstName, lastName) }).where(eq(people.id, id)).returning();
      return row!;
    },
    async deletePerson(id: number): Promise<void> {
      const deleted = await db.delete(people).where(eq(people.id, id)).returning({ id: people.id });
      if (deleted.length === 0) throw notFound('Person', id);
    },

    // --- notes and search --------------------------------------------------------------------
    async addNote(input: NoteInput): Promise<Note> {
      if (input.companyId !== undefined) await companyOrThrow(input.companyId);
      if (input.personId !== undefined) await personOrThrow(input.personId);
      const [row] = await db.insert(notes).values(input).returning();
      return row!;
    },
    async listNotes(filter: { companyId?: number; personId?: number }): Promise<Note[]> {
      const where = and(
        filter.companyId !== undefined ? eq(notes.companyId, filter.companyId) : undefined,
        filter.personId !== undefined ? eq(notes.personId, filter.personId) : undefined,
      );
      return db.select().from(notes).where(where).orderBy(asc(notes.createdAt), asc(notes.id));
    },
    /** Companies and people whose name or email contains `q` (case-insensitive). */
    async search(q: string, limit = 10): Promise<{ companies: Company[]; people: Person[] }> {
      const [foundCompanies, foundPeople] = await Promise.all([
        db.select().from(companies).where(or(ilike(companies.name, like(q)), ilike(companies.email, like(q)))).orderBy(asc(companies.name)).limit(limit),
        db.select().from(people).where(or(ilike(people.fullName, like(q)), ilike(people.email, like(q)))).orderBy(asc(people.fullName)).limit(limit),
      ]);
      return { companies: foundCompanies, people: foundPeople };
    },
    /** Counts, for dashboards and tests. */
    async stats(): Promise<{ companies: number; people: number; notes: number }> {
      const [[c], [p], [n]] = await Promise.all([
        db.select({ n: count() }).from(companies),
        db.select({ n: count() }).from(people),
        db.select({ n: count() }).from(notes),
      ]);
      return { companies: c!.n, people: p!.n, notes: n!.n };
    },
  };
}

export type ContactsServices = ReturnType<typeof contactsServices>;

declare module '@hub/kit' {
  interface HubModuleServices {
    contacts: ContactsServices;
  }
}
