// Tables of the __name__ module. Everything lives in the PostgreSQL schema "__name__"; the host
// creates and changes the tables from these declarations (schema diff) at install and upgrade.
import { integer, pgSchema, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const __name__Schema = pgSchema('__name__');

export const items = __name__Schema.table('items', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  note: text('note'),
  quantity: integer('quantity').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

export type Item = typeof items.$inferSelect;
