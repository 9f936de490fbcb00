// The sales module: orders for contacts (companies or people) with lines on inventory products.
import { defineModule } from '@hub/kit';
import { sql } from 'drizzle-orm';
import { salesConfig } from './config.js';
import { salesRoutes } from './routes.js';
import * as schema from './schema.js';
import { salesServices } from './services.js';

export default defineModule({
  name: 'sales',
  summary: 'Quotations and sales orders',
  description: 'Draft orders for a company or a person, lines priced from inventory products, confirmation and cancellation.',
  category: 'Sales',
  application: true,
  schema,
  config: salesConfig,
  services: salesServices,
  routes: salesRoutes,
  tags: ['Sales'],
  permissions: ['sales.read', 'sales.write'],
  menus: [{ name: 'Orders', path: '/', icon: 'receipt', sequence: 30, permission: 'sales.read' }],
  admin: './dist/admin/index.js',
  hooks: {
    // Order numbers come from sales.order_number_seq (declared in the schema, so created by the
    // host). On a reinstall over kept tables it continues after the highest existing number.
    async postInit(ctx) {
      await ctx.db.execute(sql`
        SELECT setval('sales.order_number_seq', max(substring(number from 3)::bigint))
        FROM sales.orders WHERE number ~ '^SO[0-9]+$' HAVING count(*) > 0`);
      ctx.logger.info(`sales.order_number_seq ready (default currency ${ctx.config.defaultCurrency})`);
    },
  },
});

export * from './schema.js';
export { salesConfig, type SalesConfig } from './config.js';
export { salesServices, ORDER_NUMBER_SEQUENCE, type SalesServices, type SalesContext, type OrderWithLines } from './services.js';
export * as salesInputs from './inputs.js';
