import { Router } from 'express';
import { hostRoutes as api, type ClusterInstance } from '@hub/api';
import type { Hub } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';
import type { Dispatcher } from '../dispatch/Dispatcher.js';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';
import type { InstanceRegistry } from '../cluster/InstanceRegistry.js';
import type { ServerRequest } from '../http/types.js';

/**
 * /api/v1/health: public liveness, database check and the cluster: every instance on the
 * database, the generation of the module state each serves and, per module, whether it is
 * mounted there. Host names and pids only to a superuser.
 */
export function healthRouter(hub: Hub, dispatcher: Dispatcher, mounter: ModuleMounter, registry: InstanceRegistry, startedAt: number): Router {
  const router = Router();
  hostRoute(router, {
    ...api.health, access: 'public', tags: ['Health'], summary: 'Is the hub up, its database reachable, and what every instance serves',
  }, async (req: ServerRequest, res) => {
    let ok = true;
    let cluster: { generation: number; instances: ClusterInstance[] } | undefined;
    try {
      const [generation, instances] = await Promise.all([hub.generation?.() ?? 0, registry.list()]);
      const full = req.hubUser?.isSuperuser === true;
      cluster = {
        generation,
        instances: instances.map(({ host, pid, ...rest }) => ({ ...rest, ...(full ? { host, pid } : {}), current: rest.id === registry.id })),
      };
    } catch { ok = false; }
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      database: { kind: hub.db.kind, ok },
      modules: dispatcher.modules().length,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      instance: { id: registry.id, generation: mounter.servedGeneration },
      ...(cluster ? { cluster } : {}),
    });
  });
  return router;
}
