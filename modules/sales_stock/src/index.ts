// sales_stock: the bridge between sales and inventory (Odoo's sale_stock). It has no tables of
// its own; it is installed automatically as soon as both sales and inventory are installed
// (package.json "hub": { "autoInstall": true }), and it changes what sales does by wrapping two
// of its services: every caller of confirmOrder / cancelOrder, including sales' own routes,
// gets the wrapped version while this module is installed.
import { defineModule } from '@hub/kit';
import type { OrderWithLines } from '@hub/module-sales';
import { salesStockRoutes } from './routes.js';
import { putBackInStock, takeOutOfStock } from './stockMoves.js';

export default defineModule({
  name: 'sales_stock',
  summary: 'Stock moves for confirmed sales orders',
  description: 'Confirming a sales order takes its products out of stock; cancelling a confirmed order puts them back.',
  category: 'Sales',
  autoInstall: true,
  routes: salesStockRoutes,
  tags: ['Sales'],
  permissions: ['sales_stock.read'],
  menus: [{ name: 'Deliveries', path: '/', icon: 'truck', sequence: 31, permission: 'sales_stock.read' }],
  admin: './dist/admin/index.js',
  wraps: {
    sales: {
      confirmOrder: (original, ctx) => async (id: number): Promise<OrderWithLines> => {
        const order: OrderWithLines = await original(id);
        await takeOutOfStock(ctx, order);
        return order;
      },
      cancelOrder: (original, ctx) => async (id: number): Promise<OrderWithLines> => {
        const order: OrderWithLines = await original(id);
        await putBackInStock(ctx, order);
        return order;
      },
    },
  },
});

export { SALE, SALE_RETURN, takeOutOfStock, putBackInStock } from './stockMoves.js';
