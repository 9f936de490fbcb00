// Model inheritance: this table object is contacts' SQL table "contacts"."people", declared again
// with ONLY the column this module adds. The host adds the column to the existing table (ADD
// COLUMN, computed on contacts' table), records that contacts_loyalty owns it, and drops it (after
// a backup of the key and the values) when contacts_loyalty is uninstalled.
//
// Only extra columns go here: redeclaring one of contacts' columns is refused
// (HUB_EXTENSION_COLUMN_CONFLICT). To read contacts' columns, use contacts' own `people` table
// object in the same query (both name the same SQL table).
import { integer } from 'drizzle-orm/pg-core';
import { contactsSchema } from '@hub/module-contacts';

export const loyaltyPeople = contactsSchema.table('people', {
  loyaltyPoints: integer('loyalty_points').notNull().default(0),
});
