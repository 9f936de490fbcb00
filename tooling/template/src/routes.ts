// HTTP routes of the __name__ module, mounted by the host under /api/v1/__name__/.
// apiRoute validates inputs with zod (400 with field errors) and documents the route in the
// host's OpenAPI; `permission` (or requirePermission()) answers 401/403 before the handler runs.
import { Router, apiRoute, requirePermission, z, type ModuleContext } from '@hub/kit';
import { asc, eq, ilike } from 'drizzle-orm';
import * as schema from './schema.js';

const { items } = schema;

export const itemInput = z.object({
  name: z.string().trim().min(1).max(200),
  note: z.string().max(2000).nullish(),
  quantity: z.number().int().min(0).default(0),
});

export function __name__Routes(ctx: ModuleContext<typeof schema>): Router {
  const router = Router();

  apiRoute(router, {
    method: 'get', path: '/items', summary: 'List items', permission: '__name__.read',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
      q: z.string().trim().max(200).optional(),
    }),
  }, async (req, res) => {
    const { limit, offset, q } = req.valid.query;
    // q is a plain substring: % and _ typed by the user match themselves.
    const where = q ? ilike(items.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined;
    res.json(await ctx.db.select().from(items).where(where).orderBy(asc(items.id)).limit(limit).offset(offset));
  });

  apiRoute(router, {
    method: 'post', path: '/items', summary: 'Create an item', permission: '__name__.write', body: itemInput,
  }, async (req, res) => {
    const [row] = await ctx.db.insert(items).values(req.valid.body).returning();
    res.status(201).json(row);
  });

  apiRoute(router, {
    method: 'delete', path: '/items/:id', summary: 'Delete an item', permission: '__name__.write',
    params: z.object({ id: z.coerce.number().int().positive() }),
  }, async (req, res) => {
    await ctx.db.delete(items).where(eq(items.id, req.valid.params.id));
    res.status(204).end();
  });

  // A plain Express route with the permission guard, for handlers that need no validation.
  router.get('/stats', requirePermission('__name__.read'), async (_req, res) => {
    const rows = await ctx.db.select({ id: items.id }).from(items);
    res.json({ module: ctx.name, version: ctx.version, items: rows.length });
  });

  return router;
}
