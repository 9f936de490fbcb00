// HTTP API of inventory, mounted at /api/v1/inventory/.
import { apiRoute, Router, z } from '@hub/kit';
import { category, idParams, move, moveInput, moveQuery, nameInput, product, productInput, productPatch, productQuery, tag } from './inputs.js';
import type { InventoryContext } from './services.js';

const READ = 'inventory.read';
const WRITE = 'inventory.write';

export function inventoryRoutes(ctx: InventoryContext): Router {
  const router = Router();
  const inventory = () => ctx.module('inventory');

  // --- products ----------------------------------------------------------------------------
  apiRoute(router, { method: 'get', path: '/products', summary: 'List products (filter by text, category or tag)', query: productQuery, permission: READ, response: z.array(product) },
    async (req, res) => { res.json(await inventory().listProducts(req.valid.query)); });
  apiRoute(router, { method: 'post', path: '/products', summary: 'Create a product', body: productInput, permission: WRITE, response: product },
    async (req, res) => { res.status(201).json(await inventory().createProduct(req.valid.body)); });
  apiRoute(router, { method: 'get', path: '/products/:id', summary: 'A product with its tags and stock on hand', params: idParams, permission: READ, response: product },
    async (req, res) => { res.json(await inventory().getProduct(req.valid.params.id)); });
  apiRoute(router, { method: 'patch', path: '/products/:id', summary: 'Change a product (tags, when given, replace the current ones)', params: idParams, body: productPatch, permission: WRITE, response: product },
    async (req, res) => { res.json(await inventory().updateProduct(req.valid.params.id, req.valid.body)); });
  apiRoute(router, { method: 'delete', path: '/products/:id', summary: 'Delete a product that has no stock moves', params: idParams, permission: WRITE, status: 204 },
    async (req, res) => { await inventory().deleteProduct(req.valid.params.id); res.status(204).end(); });

  // --- categories and tags -----------------------------------------------------------------
  apiRoute(router, { method: 'get', path: '/categories', summary: 'List categories', permission: READ, response: z.array(category) },
    async (_req, res) => { res.json(await inventory().listCategories()); });
  apiRoute(router, { method: 'post', path: '/categories', summary: 'Create a category', body: nameInput, permission: WRITE, response: category },
    async (req, res) => { res.status(201).json(await inventory().createCategory(req.valid.body.name)); });
  apiRoute(router, { method: 'delete', path: '/categories/:id', summary: 'Delete a category (its products keep no category)', params: idParams, permission: WRITE, status: 204 },
    async (req, res) => { await inventory().deleteCategory(req.valid.params.id); res.status(204).end(); });
  apiRoute(router, { method: 'get', path: '/tags', summary: 'List tags', permission: READ, response: z.array(tag) },
    async (_req, res) => { res.json(await inventory().listTags()); });
  apiRoute(router, { method: 'post', path: '/tags', summary: 'Create a tag', body: nameInput, permission: WRITE, response: tag },
    async (req, res) => { res.status(201).json(await inventory().createTag(req.valid.body.name)); });
  apiRoute(router, { method: 'delete', path: '/tags/:id', summary: 'Delete a tag (removed from its products)', params: idParams, permission: WRITE, status: 204 },
    async (req, res) => { await inventory().deleteTag(req.valid.params.id); res.status(204).end(); });

  // --- stock moves -------------------------------------------------------------------------
  apiRoute(router, { method: 'get', path: '/moves', summary: 'Stock moves, newest first', query: moveQuery, permission: READ, response: z.array(move) },
    async (req, res) => { res.json(await inventory().listMoves(req.valid.query)); });
  apiRoute(router, { method: 'post', path: '/moves', summary: 'Record a stock move (positive in, negative out)', body: moveInput, permission: WRITE, response: move },
    async (req, res) => { res.status(201).json(await inventory().createMove(req.valid.body)); });

  return router;
}
