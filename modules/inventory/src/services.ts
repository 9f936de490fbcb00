// Inventory business logic. Other modules reach it with ctx.module('inventory') (typed below):
// sales_stock records a stock move per confirmed order line through createMoves.
import { HubError, type ModuleContext } from '@hub/kit';
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { productInput, productPatch, type MoveInput, type MoveQuery, type ProductInput, type ProductPatch, type ProductQuery } from './inputs.js';
import * as schema from './schema.js';
import { categories, productTags, products, stockMoves, tags, type Category, type Product, type StockMove, type Tag } from './schema.js';

export type InventoryContext = ModuleContext<typeof schema>;
type Db = InventoryContext['db'];
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type ProductView = Product & { tags: string[]; stock: number };

const notFound = (what: string, id: number) =>
  new HubError('HUB_INVENTORY_NOT_FOUND', `${what} ${id} does not exist.`, { status: 404, module: 'inventory', hint: 'List them first (GET /api/v1/inventory/products).' });
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function inventoryServices(ctx: InventoryContext) {
  const { db } = ctx;

  /** Tag names -> ids, creating the missing ones. */
  async function tagIds(tx: Db | Tx, names: string[]): Promise<number[]> {
    const unique = [...new Set(names)];
    if (unique.length === 0) return [];
    await tx.insert(tags).values(unique.map((name) => ({ name }))).onConflictDoNothing();
    const rows = await tx.select({ id: tags.id }).from(tags).where(inArray(tags.name, unique));
    return rows.map((r) => r.id);
  }

  async function setTags(tx: Db | Tx, productId: number, names: string[]): Promise<void> {
    await tx.delete(productTags).where(eq(productTags.productId, productId));
    const ids = await tagIds(tx, names);
    if (ids.length) await tx.insert(productTags).values(ids.map((tagId) => ({ productId, tagId })));
  }

  /** Adds tag names and stock on hand to product rows. */
  async function view(rows: Product[]): Promise<ProductView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [tagRows, stockRows] = await Promise.all([
      db.select({ productId: productTags.productId, name: tags.name }).from(productTags).innerJoin(tags, eq(tags.id, productTags.tagId))
        .where(inArray(productTags.productId, ids)).orderBy(asc(tags.name)),
      db.select({ productId: stockMoves.productId, stock: sql<number>`coalesce(sum(${stockMoves.quantity}), 0)::int` }).from(stockMoves)
        .where(inArray(stockMoves.productId, ids)).groupBy(stockMoves.productId),
    ]);
    return rows.map((p) => ({
      ...p,
      tags: tagRows.filter((t) => t.productId === p.id).map((t) => t.name),
      stock: Number(stockRows.find((s) => s.productId === p.id)?.stock ?? 0),
    }));
  }

  async function productOrThrow(id: number): Promise<Product> {
    const [row] = await db.select().from(products).where(eq(products.id, id));
    if (!row) throw notFound('Product', id);
    return row;
  }

  return {
    // --- categories and tags -----------------------------------------------------------------
    listCategories: (): Promise<Category[]> => db.select().from(categories).orderBy(asc(categories.name)),
    async createCategory(name: string): Promise<Category> {
      const [row] = await db.insert(categories).values({ name }).onConflictDoUpdate({ target: categories.name, set: { name } }).returning();
      return row!;
    },
    async deleteCategory(id: number): Promise<void> {
      const deleted = await db.delete(categories).where(eq(categories.id, id)).returning({ id: categories.id });
      if (!deleted.length) throw notFound('Category', id);
    },
    listTags: (): Promise<Tag[]> => db.select().from(tags).orderBy(asc(tags.name)),
    async createTag(name: string): Promise<Tag> {
      const [row] = await db.insert(tags).values({ name }).onConflictDoUpdate({ target: tags.name, set: { name } }).returning();
      return row!;
    },
    async deleteTag(id: number): Promise<void> {
      const deleted = await db.delete(tags).where(eq(tags.id, id)).returning({ id: tags.id });
      if (!deleted.length) throw notFound('Tag', id);
    },

    // --- products ----------------------------------------------------------------------------
    async listProducts({ q, categoryId, tag, limit = 50, offset = 0 }: ProductQuery = {}): Promise<ProductView[]> {
      const filters: (SQL | undefined)[] = [];
      if (q) filters.push(or(ilike(products.name, like(q)), ilike(products.sku, like(q))));
      if (categoryId !== undefined) filters.push(eq(products.categoryId, categoryId));
      if (tag) {
        filters.push(inArray(products.id, db.select({ id: productTags.productId }).from(productTags).innerJoin(tags, eq(tags.id, productTags.tagId)).where(eq(tags.name, tag))));
      }
      const rows = await db.select().from(products).where(and(...filters)).orderBy(asc(products.name), asc(products.id)).limit(limit).offset(offset);
      return view(rows);
    },
    async getProduct(id: number): Promise<ProductView> {
      const [one] = await view([await productOrThrow(id)]);
      return one!;
    },
    /** Products by id (for order lines); missing ids are simply absent. */
    async productsById(ids: number[]): Promise<Map<number, Product>> {
      if (ids.length === 0) return new Map();
      const rows = await db.select().from(products).where(inArray(products.id, ids));
      return new Map(rows.map((r) => [r.id, r]));
    },
    async createProduct(input: ProductInput): Promise<ProductView> {
      const { tags: tagNames, ...values } = productInput.parse(input);
      const created = await db.transaction(async (tx) => {
        const [row] = await tx.insert(products).values(values).returning();
        if (tagNames) await setTags(tx, row!.id, tagNames);
        return row!;
      });
      const [one] = await view([created]);
      return one!;
    },
    async updateProduct(id: number, patch: ProductPatch): Promise<ProductView> {
      const { tags: tagNames, ...values } = productPatch.parse(patch);
      await productOrThrow(id);
      await db.transaction(async (tx) => {
        if (Object.keys(values).length) await tx.update(products).set(values).where(eq(products.id, id));
        if (tagNames) await setTags(tx, id, tagNames);
      });
      const [one] = await view([await productOrThrow(id)]);
      return one!;
    },
    async deleteProduct(id: number): Promise<void> {
      await productOrThrow(id);
      const [moved] = await db.select({ id: stockMoves.id }).from(stockMoves).where(eq(stockMoves.productId, id)).limit(1);
      if (moved) {
        throw new HubError('HUB_INVENTORY_PRODUCT_IN_USE', `Product ${id} has stock moves and cannot be deleted.`, {
          status: 409, module: 'inventory', hint: 'Archive it instead: PATCH it with { "active": false }.',
        });
      }
      await db.delete(products).where(eq(products.id, id));
    },

    // --- stock -------------------------------------------------------------------------------
    async createMove(input: MoveInput): Promise<StockMove> {
      await productOrThrow(input.productId);
      const [row] = await db.insert(stockMoves).values(input).returning();
      return row!;
    },
    /** Several moves at once, all or none (used by sales_stock when an order is confirmed). */
    async createMoves(moves: MoveInput[]): Promise<StockMove[]> {
      if (moves.length === 0) return [];
      return db.insert(stockMoves).values(moves).returning();
    },
    async listMoves({ productId, reference, limit = 100 }: MoveQuery = {}): Promise<StockMove[]> {
      const where = and(
        productId !== undefined ? eq(stockMoves.productId, productId) : undefined,
        reference !== undefined ? eq(stockMoves.reference, reference) : undefined,
      );
      return db.select().from(stockMoves).where(where).orderBy(desc(stockMoves.createdAt), desc(stockMoves.id)).limit(limit);
    },
    async stockOf(productId: number): Promise<number> {
      const [row] = await db.select({ stock: sql<number>`coalesce(sum(${stockMoves.quantity}), 0)::int` }).from(stockMoves).where(eq(stockMoves.productId, productId));
      return Number(row?.stock ?? 0);
    },
  };
}

export type InventoryServices = ReturnType<typeof inventoryServices>;

declare module '@hub/kit' {
  interface HubModuleServices {
    inventory: InventoryServices;
  }
}
