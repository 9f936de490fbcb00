// HTTP API of sales, mounted at /api/v1/sales/.
import { apiRoute, Router, z } from '@hub/kit';
import { idParams, lineInput, lineParams, order, orderInput, orderPatch, orderQuery, orderWithLines } from './inputs.js';
import type { SalesContext } from './services.js';

const READ = 'sales.read';
const WRITE = 'sales.write';

export function salesRoutes(ctx: SalesContext): Router {
  const router = Router();
  // Through the host on every request: modules that wrap sales' services (sales_stock wraps
  // confirmOrder) take effect as soon as they are installed, and stop when they are uninstalled.
  const sales = () => ctx.module('sales');

  apiRoute(router, { method: 'get', path: '/settings', summary: 'The module settings in force (MODULES__SALES__*)', permission: READ,
    response: z.object({ defaultCurrency: z.string() }) },
  (_req, res) => { res.json({ defaultCurrency: ctx.config.defaultCurrency }); });

  apiRoute(router, { method: 'get', path: '/orders', summary: 'List orders, newest first', query: orderQuery, permission: READ, response: z.array(order) },
    async (req, res) => { res.json(await sales().listOrders(req.valid.query)); });
  apiRoute(router, { method: 'post', path: '/orders', summary: 'Create a draft order (numbered from sales.order_number_seq)', body: orderInput, permission: WRITE, response: orderWithLines },
    async (req, res) => { res.status(201).json(await sales().createOrder(req.valid.body)); });
  apiRoute(router, { method: 'get', path: '/orders/:id', summary: 'An order with its lines', params: idParams, permission: READ, response: orderWithLines },
    async (req, res) => { res.json(await sales().getOrder(req.valid.params.id)); });
  apiRoute(router, { method: 'patch', path: '/orders/:id', summary: 'Change a draft order', params: idParams, body: orderPatch, permission: WRITE, response: orderWithLines },
    async (req, res) => { res.json(await sales().updateOrder(req.valid.params.id, req.valid.body)); });
  apiRoute(router, { method: 'delete', path: '/orders/:id', summary: 'Delete a draft order', params: idParams, permission: WRITE, status: 204 },
    async (req, res) => { await sales().deleteOrder(req.valid.params.id); res.status(204).end(); });

  apiRoute(router, { method: 'post', path: '/orders/:id/lines', summary: 'Add a line to a draft order', params: idParams, body: lineInput, permission: WRITE, response: orderWithLines },
    async (req, res) => { res.status(201).json(await sales().addLine(req.valid.params.id, req.valid.body)); });
  apiRoute(router, { method: 'delete', path: '/orders/:id/lines/:lineId', summary: 'Remove a line from a draft order', params: lineParams, permission: WRITE, response: orderWithLines },
    async (req, res) => { res.json(await sales().removeLine(req.valid.params.id, req.valid.params.lineId)); });

  apiRoute(router, { method: 'post', path: '/orders/:id/confirm', summary: 'Confirm a draft order', params: idParams, permission: WRITE, status: 200, response: orderWithLines },
    async (req, res) => { res.json(await sales().confirmOrder(req.valid.params.id)); });
  apiRoute(router, { method: 'post', path: '/orders/:id/cancel', summary: 'Cancel an order', params: idParams, permission: WRITE, status: 200, response: orderWithLines },
    async (req, res) => { res.json(await sales().cancelOrder(req.valid.params.id)); });

  return router;
}
