// Sales tables in the PostgreSQL schema "sales". Foreign keys into other modules are ordinary
// imports of their schema exports, so they are type-checked and the host orders installs.
import { companies, people } from '@hub/module-contacts';
import { products } from '@hub/module-inventory';
import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgSchema, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const salesSchema = pgSchema('sales');

export const orderState = salesSchema.enum('order_state', ['draft', 'confirmed', 'cancelled']);

/** Order numbers. Declared here so the host creates it: a module's own role cannot run DDL. */
export const orderNumberSeq = salesSchema.sequence('order_number_seq');

export const orders = salesSchema.table(
  'orders',
  {
    id: serial('id').primaryKey(),
    /** "SO00042", from the sequence sales.order_number_seq. */
    number: text('number').notNull().unique(),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'restrict' }),
    personId: integer('person_id').references(() => people.id, { onDelete: 'restrict' }),
    state: orderState('state').notNull().default('draft'),
    currency: text('currency').notNull(),
    note: text('note'),
    total: numeric('total', { precision: 14, scale: 2 }).notNull().default('0'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [
    check('orders_customer_check', sql`${t.companyId} is not null or ${t.personId} is not null`),
    index('orders_company_idx').on(t.companyId),
    index('orders_person_idx').on(t.personId),
  ],
);

export const orderLines = salesSchema.table(
  'order_lines',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id, { onDelete: 'restrict' }),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: numeric('unit_price', { precision: 12, scale: 2 }).notNull(),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId), check('order_lines_quantity_check', sql`${t.quantity} > 0`)],
);

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderState = (typeof orderState.enumValues)[number];
