// Inventory tables, all in the PostgreSQL schema "inventory". Products carry tags through the
// association table product_tags (many-to-many); stock is the sum of a product's stock moves.
import { boolean, index, integer, numeric, pgSchema, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const inventorySchema = pgSchema('inventory');

export const categories = inventorySchema.table('categories', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
});

export const products = inventorySchema.table('products', {
  id: serial('id').primaryKey(),
  sku: text('sku').notNull().unique(),
  name: text('name').notNull(),
  categoryId: integer('category_id').references(() => categories.id, { onDelete: 'set null' }),
  /** Sale price; numeric, so it comes back as a string ("12.50") and never loses cents. */
  price: numeric('price', { precision: 12, scale: 2 }).notNull().default('0'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const tags = inventorySchema.table('tags', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
});

/** Many-to-many: which tags a product has. */
export const productTags = inventorySchema.table(
  'product_tags',
  {
    productId: integer('product_id').notNull().references(() => products.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id').notNull().references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.tagId] }), index('product_tags_tag_idx').on(t.tagId)],
);

/** One row per change of stock: positive quantities come in, negative go out. */
export const stockMoves = inventorySchema.table(
  'stock_moves',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id').notNull().references(() => products.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull(),
    /** What caused it, e.g. a sales order number. */
    reference: text('reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stock_moves_product_idx').on(t.productId), index('stock_moves_reference_idx').on(t.reference)],
);

export type Category = typeof categories.$inferSelect;
export type Product = typeof products.$inferSelect;
export type Tag = typeof tags.$inferSelect;
export type StockMove = typeof stockMoves.$inferSelect;
