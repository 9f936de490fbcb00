// Contacts tables. Everything lives in the PostgreSQL schema "contacts" (pgSchema), which the
// host creates at install. The schema is the single source of truth: the host diffs it against
// the installed snapshot to create or upgrade tables.
import { index, integer, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { pgSchema } from 'drizzle-orm/pg-core';

export const contactsSchema = pgSchema('contacts');

export const companies = contactsSchema.table('companies', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  website: text('website'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const people = contactsSchema.table(
  'people',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'set null' }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    /** Added in 0.2.0 and filled from first and last name by migrations['0.2.0'].post. */
    fullName: text('full_name').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('people_full_name_idx').on(t.fullName)], // added in 0.2.0
);

/** Added in 0.2.0: free-text notes on a company or a person. */
export const notes = contactsSchema.table('notes', {
  id: serial('id').primaryKey(),
  companyId: integer('company_id').references(() => companies.id, { onDelete: 'cascade' }),
  personId: integer('person_id').references(() => people.id, { onDelete: 'cascade' }),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Company = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;
export type Person = typeof people.$inferSelect;
export type NewPerson = typeof people.$inferInsert;
export type Note = typeof notes.$inferSelect;
