import { Router } from 'express';
import { z } from '@hub/kit';
import type { Hub } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';
import type { Dispatcher } from '../dispatch/Dispatcher.js';

/** /api/v1/health: public liveness and database check. */
export function healthRouter(hub: Hub, dispatcher: Dispatcher, startedAt: number): Router {
  const router = Router();
  hostRoute(router, {
    method: 'get', path: '/', access: 'public', tags: ['Health'], summary: 'Is the hub up and its database reachable',
    response: z.object({ status: z.enum(['ok', 'degraded']), database: z.object({ kind: z.string(), ok: z.boolean() }), modules: z.number(), uptimeSeconds: z.number() }),
  }, async (_req, res) => {
    let ok = true;
    try { await hub.db.query('select 1'); } catch { ok = false; }
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      database: { kind: hub.db.kind, ok },
      modules: dispatcher.modules().length,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  });
  return router;
}
