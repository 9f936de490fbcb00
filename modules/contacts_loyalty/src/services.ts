// Loyalty business logic, reachable by modules that depend on contacts_loyalty with
// ctx.module('contacts_loyalty') (typed through the HubModuleServices augmentation below).
import { HubError, type ModuleContext } from '@hub/kit';
import { people } from '@hub/module-contacts';
import { eq, sql } from 'drizzle-orm';
import * as schema from './schema.js';
import { loyaltyPeople } from './schema.js';
import { tierOf, type Tier } from './tiers.js';

export type LoyaltyContext = ModuleContext<typeof schema, { welcomePoints: number }>;

export function loyaltyServices(ctx: LoyaltyContext) {
  const { db } = ctx;
  return {
    /** Points of a person (undefined when the person does not exist). */
    async pointsOf(personId: number): Promise<number | undefined> {
      // contacts' `people.id` and this module's `loyaltyPeople` name the same SQL table.
      const [row] = await db.select({ points: loyaltyPeople.loyaltyPoints }).from(loyaltyPeople).where(eq(people.id, personId));
      return row?.points;
    },
    /** Adds (or with a negative number, takes) points; returns the new balance, never below 0. */
    async addPoints(personId: number, points: number): Promise<number> {
      const [row] = await db.update(loyaltyPeople)
        .set({ loyaltyPoints: sql`greatest(0, ${loyaltyPeople.loyaltyPoints} + ${points})` })
        .where(eq(people.id, personId))
        .returning({ points: loyaltyPeople.loyaltyPoints });
      if (!row) throw new HubError('HUB_CONTACTS_LOYALTY_NOT_FOUND', `Person ${personId} does not exist.`, { status: 404, module: 'contacts_loyalty' });
      ctx.logger.info(`person ${personId}: ${points >= 0 ? '+' : ''}${points} points -> ${row.points}`);
      return row.points;
    },
    tierOf(points: number): Tier {
      return tierOf(points);
    },
  };
}

export type LoyaltyServices = ReturnType<typeof loyaltyServices>;

declare module '@hub/kit' {
  interface HubModuleServices {
    contacts_loyalty: LoyaltyServices;
  }
}
