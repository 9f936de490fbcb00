// The inventory module: products, categories, tags (many-to-many) and stock moves.
import { defineModule } from '@hub/kit';
import { inventoryRoutes } from './routes.js';
import * as schema from './schema.js';
import { inventoryServices } from './services.js';

export default defineModule({
  name: 'inventory',
  summary: 'Products, categories, tags and stock',
  description: 'A product catalogue with categories and tags, and stock kept as a ledger of moves.',
  category: 'Inventory',
  application: true,
  schema,
  services: inventoryServices,
  routes: inventoryRoutes,
  tags: ['Inventory'],
  data: ['data/inventory.json'],
  permissions: ['inventory.read', 'inventory.write'],
  menus: [{ name: 'Products', path: '/', icon: 'box', sequence: 20, permission: 'inventory.read' }],
  admin: './dist/admin/index.js',
});

export * from './schema.js';
export { inventoryServices, type InventoryServices, type InventoryContext, type ProductView } from './services.js';
export * as inventoryInputs from './inputs.js';
