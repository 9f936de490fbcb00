// Drizzle schemas used by this folder's tests (not exported by the package). Each call gives
// fresh PostgreSQL schema names, so tests can share one database.
import {
  type PgColumnBuilderBase,
  bigint, index, integer, pgSchema, primaryKey, serial, text, timestamp, uniqueIndex, varchar,
} from 'drizzle-orm/pg-core';

let counter = 0;

export function makeFixtures() {
  const n = `${process.pid}_${counter++}`;
  const crmName = `crm_${n}`;
  const shopName = `shop_${n}`;

  // crm: the module other modules reference.
  const crm = pgSchema(crmName);
  const personKind = crm.enum('person_kind', ['customer', 'supplier', 'other']);
  const people = crm.table('people', {
    id: serial('id').primaryKey(),
    fullname: text('fullname').notNull(),
    email: varchar('email', { length: 200 }).unique(),
    kind: personKind('kind').default('customer').notNull(),
    age: integer('age'),
  }, (t) => [index('people_fullname_idx').on(t.fullname)]);

  // shop v1: products, orders -> crm.people, a many-to-many order_items association.
  const shop = pgSchema(shopName);
  const orderStatus = shop.enum('order_status', ['draft', 'confirmed', 'done']);
  const products = shop.table('products', {
    id: serial('id').primaryKey(),
    sku: varchar('sku', { length: 32 }).notNull(),
    name: text('name').notNull(),
    stock: integer('stock').default(0).notNull(),
  }, (t) => [uniqueIndex('products_sku_idx').on(t.sku)]);
  const orders = shop.table('orders', {
    id: serial('id').primaryKey(),
    customerId: integer('customer_id').notNull().references(() => people.id, { onDelete: 'restrict' }),
    status: orderStatus('status').default('draft').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  }, (t) => [index('orders_customer_idx').on(t.customerId)]);
  const orderItems = shop.table('order_items', {
    orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    quantity: integer('quantity').notNull().default(1),
  }, (t) => [primaryKey({ columns: [t.orderId, t.productId] })]);

  // shop v2: a column, an index and a table more.
  const ordersV2 = shop.table('orders', {
    id: serial('id').primaryKey(),
    customerId: integer('customer_id').notNull().references(() => people.id, { onDelete: 'restrict' }),
    status: orderStatus('status').default('draft').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  }, (t) => [index('orders_customer_idx').on(t.customerId), index('orders_created_idx').on(t.createdAt)]);
  const orderItemsV2 = shop.table('order_items', {
    orderId: integer('order_id').notNull().references(() => ordersV2.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    quantity: integer('quantity').notNull().default(1),
  }, (t) => [primaryKey({ columns: [t.orderId, t.productId] })]);
  const shipments = shop.table('shipments', {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull().references(() => ordersV2.id, { onDelete: 'cascade' }),
    carrier: text('carrier'),
  });

  return {
    crmName,
    shopName,
    crm: { v1: { crm, personKind, people } },
    shop: {
      v1: { shop, orderStatus, products, orders, orderItems },
      v2: { shop, orderStatus, products, orders: ordersV2, orderItems: orderItemsV2, shipments },
    },
    /** Tables of one table at two versions, for single-table change tests. */
    table(columnsV1: Record<string, PgColumnBuilderBase>, columnsV2: Record<string, PgColumnBuilderBase>, name = 'things') {
      const s = pgSchema(`t_${n}_${counter++}`);
      return { schemaName: s.schemaName, v1: { t: s.table(name, columnsV1) }, v2: { t: s.table(name, columnsV2) } };
    },
  };
}

export { bigint, integer, serial, text, varchar };

/** Runs planned statements in one transaction, as the lifecycle engine does. */
export async function applyStatements(db: import('../db/types.js').Database, statements: { sql: string }[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const s of statements) await tx.exec(s.sql);
  });
}
