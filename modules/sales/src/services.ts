// Sales business logic. Other modules reach it with ctx.module('sales'), typed below, and may
// wrap its functions: sales_stock wraps confirmOrder to take the products out of stock.
import { companies, people } from '@hub/module-contacts';
import { HubError, type ModuleContext } from '@hub/kit';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { SalesConfig } from './config.js';
import { lineInput, orderInput, orderPatch, type LineInput, type OrderInput, type OrderPatch, type OrderQuery } from './inputs.js';
import * as schema from './schema.js';
import { orderLines, orders, type Order, type OrderLine, type OrderState } from './schema.js';

export type SalesContext = ModuleContext<typeof schema, SalesConfig>;
type Db = SalesContext['db'];
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type OrderWithLines = Order & { lines: OrderLine[] };

/** The sequence the postInit hook creates; order numbers are "SO" + 5 digits from it. */
export const ORDER_NUMBER_SEQUENCE = 'sales.order_number_seq';
const nextOrderNumber = sql<string>`'SO' || lpad(nextval(${ORDER_NUMBER_SEQUENCE})::text, 5, '0')`;

const err = (code: string, status: number, message: string, hint: string) => new HubError(code, message, { status, module: 'sales', hint });
const notFound = (id: number) => err('HUB_SALES_NOT_FOUND', 404, `Order ${id} does not exist.`, 'List orders with GET /api/v1/sales/orders.');
const wrongState = (order: Order, action: string, allowed: OrderState[]) =>
  err('HUB_SALES_ORDER_STATE', 409, `Order ${order.number} is ${order.state}; only ${allowed.join(' or ')} orders can be ${action}.`, 'Reload the order to see its current state.');

export function salesServices(ctx: SalesContext) {
  const { db } = ctx;

  async function orderOrThrow(tx: Db | Tx, id: number, lock = false): Promise<Order> {
    const query = tx.select().from(orders).where(eq(orders.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound(id);
    return row;
  }

  async function withLines(tx: Db | Tx, order: Order): Promise<OrderWithLines> {
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.id));
    return { ...order, lines };
  }

  async function checkCustomer(tx: Db | Tx, companyId?: number | null, personId?: number | null): Promise<void> {
    if (companyId != null && !(await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId))).length) {
      throw err('HUB_SALES_CUSTOMER_NOT_FOUND', 400, `Company ${companyId} does not exist.`, 'Pick a company from GET /api/v1/contacts/companies.');
    }
    if (personId != null && !(await tx.select({ id: people.id }).from(people).where(eq(people.id, personId))).length) {
      throw err('HUB_SALES_CUSTOMER_NOT_FOUND', 400, `Person ${personId} does not exist.`, 'Pick a person from GET /api/v1/contacts/people.');
    }
  }

  /** Lines with description and price defaulted from the products (read through inventory's services). */
  async function priced(lines: LineInput[]): Promise<Omit<OrderLine, 'id' | 'orderId'>[]> {
    const parsed = lines.map((l) => lineInput.parse(l));
    const found = await ctx.module('inventory').productsById(parsed.map((l) => l.productId));
    return parsed.map((l) => {
      const product = found.get(l.productId);
      if (!product) throw err('HUB_SALES_PRODUCT_NOT_FOUND', 400, `Product ${l.productId} does not exist.`, 'Pick a product from GET /api/v1/inventory/products.');
      return { productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice ?? product.price, description: l.description ?? product.name };
    });
  }

  async function refreshTotal(tx: Db | Tx, orderId: number): Promise<void> {
    await tx.update(orders).set({
      total: sql`(select coalesce(sum(${orderLines.quantity} * ${orderLines.unitPrice}), 0) from ${orderLines} where ${orderLines.orderId} = ${orderId})`,
    }).where(eq(orders.id, orderId));
  }

  async function draftOrThrow(tx: Tx, id: number, action: string): Promise<Order> {
    const order = await orderOrThrow(tx, id, true);
    if (order.state !== 'draft') throw wrongState(order, action, ['draft']);
    return order;
  }

  return {
    async listOrders({ state, companyId, personId, limit = 50, offset = 0 }: OrderQuery = {}): Promise<Order[]> {
      const where = and(
        state ? eq(orders.state, state) : undefined,
        companyId !== undefined ? eq(orders.companyId, companyId) : undefined,
        personId !== undefined ? eq(orders.personId, personId) : undefined,
      );
      return db.select().from(orders).where(where).orderBy(desc(orders.id)).limit(limit).offset(offset);
    },
    async getOrder(id: number): Promise<OrderWithLines> {
      return withLines(db, await orderOrThrow(db, id));
    },
    /** A draft order numbered from sales.order_number_seq, in MODULES__SALES__DEFAULT_CURRENCY unless told. */
    async createOrder(input: OrderInput): Promise<OrderWithLines> {
      const { lines, currency, ...customer } = orderInput.parse(input);
      const values = await priced(lines);
      return db.transaction(async (tx) => {
        await checkCustomer(tx, customer.companyId, customer.personId);
        const [order] = await tx.insert(orders).values({ ...customer, number: nextOrderNumber, currency: currency ?? ctx.config.defaultCurrency }).returning();
        if (values.length) await tx.insert(orderLines).values(values.map((l) => ({ ...l, orderId: order!.id })));
        await refreshTotal(tx, order!.id);
        return withLines(tx, await orderOrThrow(tx, order!.id));
      });
    },
    async updateOrder(id: number, patch: OrderPatch): Promise<OrderWithLines> {
      const values = orderPatch.parse(patch);
      return db.transaction(async (tx) => {
        const current = await draftOrThrow(tx, id, 'changed');
        const companyId = values.companyId === undefined ? current.companyId : values.companyId;
        const personId = values.personId === undefined ? current.personId : values.personId;
        if (companyId == null && personId == null) throw err('HUB_SALES_CUSTOMER_REQUIRED', 400, 'An order needs a customer.', 'Keep companyId or personId set.');
        await checkCustomer(tx, values.companyId, values.personId);
        if (Object.keys(values).length) await tx.update(orders).set(values).where(eq(orders.id, id));
        return withLines(tx, await orderOrThrow(tx, id));
      });
    },
    async deleteOrder(id: number): Promise<void> {
      await db.transaction(async (tx) => {
        await draftOrThrow(tx, id, 'deleted');
        await tx.delete(orders).where(eq(orders.id, id));
      });
    },
    async addLine(orderId: number, line: LineInput): Promise<OrderWithLines> {
      const [value] = await priced([line]);
      return db.transaction(async (tx) => {
        await draftOrThrow(tx, orderId, 'changed');
        await tx.insert(orderLines).values({ ...value!, orderId });
        await refreshTotal(tx, orderId);
        return withLines(tx, await orderOrThrow(tx, orderId));
      });
    },
    async removeLine(orderId: number, lineId: number): Promise<OrderWithLines> {
      return db.transaction(async (tx) => {
        await draftOrThrow(tx, orderId, 'changed');
        const removed = await tx.delete(orderLines).where(and(eq(orderLines.id, lineId), eq(orderLines.orderId, orderId))).returning({ id: orderLines.id });
        if (!removed.length) throw err('HUB_SALES_NOT_FOUND', 404, `Order ${orderId} has no line ${lineId}.`, 'GET the order to see its lines.');
        await refreshTotal(tx, orderId);
        return withLines(tx, await orderOrThrow(tx, orderId));
      });
    },
    /**
     * Confirms a draft order that has lines. Other modules wrap this function to act on
     * confirmation (sales_stock creates the stock moves); they get the confirmed order back.
     */
    async confirmOrder(id: number): Promise<OrderWithLines> {
      const confirmed = await db.transaction(async (tx) => {
        const order = await draftOrThrow(tx, id, 'confirmed');
        const lines = await tx.select({ id: orderLines.id }).from(orderLines).where(eq(orderLines.orderId, id)).limit(1);
        if (!lines.length) throw err('HUB_SALES_ORDER_EMPTY', 409, `Order ${order.number} has no lines.`, 'Add a line (POST /api/v1/sales/orders/:id/lines) before confirming.');
        const [row] = await tx.update(orders).set({ state: 'confirmed', confirmedAt: new Date() }).where(eq(orders.id, id)).returning();
        return withLines(tx, row!);
      });
      ctx.logger.info(`order ${confirmed.number} confirmed`);
      return confirmed;
    },
    async cancelOrder(id: number): Promise<OrderWithLines> {
      return db.transaction(async (tx) => {
        const order = await orderOrThrow(tx, id, true);
        if (order.state === 'cancelled') throw wrongState(order, 'cancelled', ['draft', 'confirmed']);
        const [row] = await tx.update(orders).set({ state: 'cancelled' }).where(eq(orders.id, id)).returning();
        return withLines(tx, row!);
      });
    },
  };
}

export type SalesServices = ReturnType<typeof salesServices>;

declare module '@hub/kit' {
  interface HubModuleServices {
    sales: SalesServices;
  }
}
