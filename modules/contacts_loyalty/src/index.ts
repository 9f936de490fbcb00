// contacts_loyalty: extends contacts without forking it (Odoo-style inheritance).
// - model: adds contacts.people.loyalty_points (src/schema.ts)
// - routes: overrides contacts' GET /people/:id to add the points and a tier
// - services: wraps contacts' createPerson to grant welcome points
import { defineModule, z } from '@hub/kit';
import type { ContactsServices } from '@hub/module-contacts';
import { contactsOverride, loyaltyRoutes } from './routes.js';
import * as schema from './schema.js';
import { loyaltyServices } from './services.js';

export default defineModule({
  name: 'contacts_loyalty',
  summary: 'Loyalty points and tiers for contacts',
  description: 'Adds loyalty points to people, shows their tier (bronze, silver, gold) on GET /people/:id, and grants welcome points to every new person.',
  category: 'CRM',
  schema,
  config: z.object({ welcomePoints: z.coerce.number().int().min(0).default(50) }),
  services: loyaltyServices,
  routes: loyaltyRoutes,
  overrides: { contacts: contactsOverride },
  wraps: {
    contacts: {
      createPerson: (original, ctx) => {
        const createPerson = original as ContactsServices['createPerson'];
        const loyalty = loyaltyServices(ctx as never);
        return async (...args: Parameters<ContactsServices['createPerson']>) => {
          const person = await createPerson(...args);
          const welcome = Number((ctx.config as { welcomePoints?: number }).welcomePoints ?? 50);
          const loyaltyPoints = welcome > 0 ? await loyalty.addPoints(person.id, welcome) : 0;
          return { ...person, loyaltyPoints };
        };
      },
    },
  },
  permissions: ['contacts_loyalty.read', 'contacts_loyalty.write'],
  tags: ['Contacts loyalty'],
});

export * from './schema.js';
export { loyaltyServices, type LoyaltyServices, type LoyaltyContext } from './services.js';
export { tierOf, TIERS, type Tier } from './tiers.js';
