// The contacts module: companies and the people who work for them.
import { defineModule } from '@hub/kit';
import { sql } from 'drizzle-orm';
import { contactsRoutes } from './routes.js';
import * as schema from './schema.js';
import { contactsServices } from './services.js';

export default defineModule({
  name: 'contacts',
  summary: 'Companies and people',
  description: 'Companies, the people who work for them, notes on both, and a search over names and emails.',
  category: 'CRM',
  application: true,
  schema,
  services: contactsServices,
  routes: contactsRoutes,
  tags: ['Contacts'],
  data: ['data/contacts.json'],
  permissions: ['contacts.read', 'contacts.write'],
  menus: [
    { name: 'Contacts', path: '/', icon: 'address-book', sequence: 10, permission: 'contacts.read' },
  ],
  admin: './dist/admin/index.js',
  migrations: {
    // 0.2.0 added people.full_name (NOT NULL DEFAULT ''), its index and the notes table. The host
    // runs the DDL, then this step fills the new column for the rows that existed before.
    '0.2.0': {
      async post(ctx) {
        const { people } = schema;
        await ctx.db
          .update(people)
          .set({ fullName: sql`trim(${people.firstName} || ' ' || ${people.lastName})` })
          .where(sql`${people.fullName} = ''`);
        ctx.logger.info(`contacts ${ctx.fromVersion} -> ${ctx.toVersion}: people.full_name filled`);
      },
    },
  },
});

// Public API for modules that build on contacts (sales imports the tables for its foreign keys).
export * from './schema.js';
export { contactsServices, fullNameOf, type ContactsServices, type ContactsContext } from './services.js';
export * as contactsInputs from './inputs.js';
