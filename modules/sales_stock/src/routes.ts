// HTTP API of sales_stock, mounted at /api/v1/sales_stock/.
import { apiRoute, Router, z, type ModuleContext } from '@hub/kit';
import { inventoryInputs } from '@hub/module-inventory';
import { movesOf } from './stockMoves.js';

export function salesStockRoutes(ctx: ModuleContext): Router {
  const router = Router();
  apiRoute(router, {
    method: 'get', path: '/orders/:id/moves', summary: 'The stock moves a sales order caused',
    params: z.object({ id: z.coerce.number().int().positive() }), permission: 'sales_stock.read', response: z.array(inventoryInputs.move),
  }, async (req, res) => { res.json(await movesOf(ctx, req.valid.params.id)); });
  return router;
}
