// HTTP: an override of contacts' GET /people/:id (answers under /api/v1/contacts first), and this
// module's own POST /api/v1/contacts_loyalty/people/:id/points.
import { apiRoute, Router, z } from '@hub/kit';
import { contactsInputs } from '@hub/module-contacts';
import type { LoyaltyContext } from './services.js';
import { loyaltyServices } from './services.js';
import { tierOf } from './tiers.js';

const tier = z.enum(['bronze', 'silver', 'gold']);

/**
 * Tried before contacts' own router, under contacts' prefix. Only GET /people/:id matches here;
 * every other request falls through (Express calls next()) to contacts' routes.
 */
export function contactsOverride(ctx: LoyaltyContext): Router {
  const router = Router();
  const loyalty = loyaltyServices(ctx);
  apiRoute(router, {
    method: 'get', path: '/people/:id', summary: 'A person with company, notes, loyalty points and tier (contacts_loyalty)',
    params: contactsInputs.idParams, permission: 'contacts.read',
    response: contactsInputs.person.extend({ loyaltyPoints: z.number().int(), tier }).passthrough(),
  }, async (req, res) => {
    const person = await ctx.module('contacts').getPerson(req.valid.params.id); // 404 when missing
    const loyaltyPoints = (await loyalty.pointsOf(person.id)) ?? 0;
    res.json({ ...person, loyaltyPoints, tier: tierOf(loyaltyPoints) });
  });
  return router;
}

export function loyaltyRoutes(ctx: LoyaltyContext): Router {
  const router = Router();
  const loyalty = () => ctx.module('contacts_loyalty');
  apiRoute(router, {
    method: 'post', path: '/people/:id/points', summary: 'Add (or take) loyalty points', params: contactsInputs.idParams,
    body: z.object({ points: z.number().int() }), permission: 'contacts_loyalty.write', status: 200,
    response: z.object({ personId: z.number().int(), loyaltyPoints: z.number().int(), tier }),
  }, async (req, res) => {
    const loyaltyPoints = await loyalty().addPoints(req.valid.params.id, req.valid.body.points);
    res.json({ personId: req.valid.params.id, loyaltyPoints, tier: tierOf(loyaltyPoints) });
  });
  return router;
}
