// /api/v1/operations: lifecycle operations (of every instance when they are shared through the
// database), and their progress as server-sent events.
import { Router, type Response } from 'express';
import { HubError } from '@hub/kit';
import { hostRoutes as api } from '@hub/api';
import { hostRoute } from '../http/hostRoute.js';
import { publicOperation } from './OperationRunner.js';
import type { OperationRegistry, Operation } from './OperationRegistry.js';

const tags = ['Operations'];

export function operationsRouter(ops: OperationRegistry): Router {
  const router = Router();
  const find = async (id: string): Promise<Operation> => {
    const op = await ops.find(id);
    if (!op) throw new HubError('HUB_OPERATION_NOT_FOUND', `No operation "${id}"`, {
      status: 404, hint: 'The latest 200 operations are kept; the audit log keeps them all.',
    });
    return op;
  };

  hostRoute(router, {
    ...api.listOperations, access: 'manager', tags, summary: 'Recent operations (of every instance on PostgreSQL), newest first',
  }, async (_req, res) => {
    res.json({ items: (await ops.all()).map(publicOperation) });
  });

  hostRoute(router, {
    ...api.getOperation, access: 'manager', tags, summary: 'One operation: status, steps, error, result',
  }, async (req, res) => {
    res.json(publicOperation(await find(req.valid.params.id)));
  });

  hostRoute(router, {
    ...api.operationEvents, access: 'manager', tags,
    summary: 'Progress as server-sent events: past steps, then live ones, then "done"; closes when the operation ends',
    description: 'Events: `step` (a progress event) and `done` (the operation). EventSource cannot send headers: pass the token as ?access_token=.',
  }, async (req, res: Response) => {
    const op = await find(req.valid.params.id);
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    let n = 0;
    const send = (event: string, data: unknown) => res.write(`id: ${n++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const step of op.steps) send('step', step);
    if (op.status !== 'running') {
      send('done', publicOperation(op));
      res.end();
      return;
    }
    const stop = ops.follow(op, op.steps.length, (event) => {
      if (event.type === 'step') send('step', event.step);
      else {
        send('done', publicOperation(event.operation));
        res.end();
      }
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    res.on('close', () => { stop(); clearInterval(ping); });
  });

  return router;
}
