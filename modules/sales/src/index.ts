// The sales module: orders for contacts (companies or people) with lines on inventory products.
import { defineModule } from '@hub/kit';
import { sql } from 'drizzle-orm';
import { salesConfig } from './config.js';
import { salesRoutes } from './routes.js';
import * as schema from './schema.js';
import { salesServices } from './services.js';

/** Moves sales.order_number_seq past the highest "SO<n>" of existing orders (none: left alone). */
async function continueNumbering(ctx: { db: { execute(query: ReturnType<typeof sql>): Promise<unknown> } }): Promise<void> {
  await ctx.db.execute(sql`
    SELECT setval('sales.order_number_seq', max(substring(number from 3)::bigint))
    FROM sales.orders WHERE number ~ '^SO[0-9]+$' HAVING count(*) > 0`);
}

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
      await continueNumbering(ctx);
      ctx.logger.info(`sales.order_number_seq ready (default currency ${ctx.config.defaultCurrency})`);
    },
  },
  migrations: {
    // Up to 0.1.0 the postInit hook created the sequence itself; 0.2.0 declares it in the schema.
    // The host adopts a sequence that is already there (CREATE SEQUENCE IF NOT EXISTS), so an
    // existing install keeps counting; this step makes sure numbering continues after the highest
    // existing order either way (a sequence made new would start again at 1).
    '0.2.0': {
      async post(ctx) {
        await continueNumbering(ctx);
        ctx.logger.info(`sales ${ctx.fromVersion} -> ${ctx.toVersion}: sales.order_number_seq is part of the schema`);
      },
    },
  },
});

export * from './schema.js';
export { salesConfig, type SalesConfig } from './config.js';
export { salesServices, ORDER_NUMBER_SEQUENCE, type SalesServices, type SalesContext, type OrderWithLines } from './services.js';
export * as salesInputs from './inputs.js';
