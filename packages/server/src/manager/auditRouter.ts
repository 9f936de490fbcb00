import { Router } from 'express';
import { hostRoutes as api } from '@hub/api';
import type { Hub } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';

/** /api/v1/audit: the engine's log of lifecycle operations. */
export function auditRouter(hub: Hub): Router {
  const router = Router();
  hostRoute(router, {
    ...api.audit, access: 'manager', tags: ['Audit'], summary: 'Audit log of lifecycle operations, newest first',
  }, async (req, res) => {
    res.json({ items: await hub.audit(req.valid.query) });
  });
  return router;
}
