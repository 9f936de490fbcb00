import { Router } from 'express';
import { z } from '@hub/kit';
import type { Hub } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';

/** /api/v1/audit: the engine's log of lifecycle operations. */
export function auditRouter(hub: Hub): Router {
  const router = Router();
  hostRoute(router, {
    method: 'get', path: '/', access: 'manager', tags: ['Audit'], summary: 'Audit log of lifecycle operations, newest first',
    query: z.object({
      module: z.string().max(100).optional(),
      action: z.string().max(50).optional(),
      actor: z.string().max(320).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  }, async (req, res) => {
    res.json({ items: await hub.audit(req.valid.query) });
  });
  return router;
}
