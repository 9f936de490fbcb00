// What sales_stock does on top of sales: order lines become stock moves in inventory.
import type { ModuleContext } from '@hub/kit';
import type { StockMove } from '@hub/module-inventory';
import type { OrderWithLines } from '@hub/module-sales';

/** Reasons of the moves this module writes (inventory.stock_moves.reason). */
export const SALE = 'sale';
export const SALE_RETURN = 'sale return';

/** One outgoing move per order line, referenced by the order number. */
export async function takeOutOfStock(ctx: ModuleContext, order: OrderWithLines): Promise<StockMove[]> {
  const moves = await ctx.module('inventory').createMoves(
    order.lines.map((line) => ({ productId: line.productId, quantity: -line.quantity, reason: SALE, reference: order.number })),
  );
  ctx.logger.info(`order ${order.number}: ${moves.length} stock move(s) out`);
  return moves;
}

/** Puts back what a confirmed order took out, once (cancelling a draft moves nothing). */
export async function putBackInStock(ctx: ModuleContext, order: OrderWithLines): Promise<StockMove[]> {
  const inventory = ctx.module('inventory');
  const moves = await inventory.listMoves({ reference: order.number, limit: 500 });
  if (!moves.some((m) => m.reason === SALE) || moves.some((m) => m.reason === SALE_RETURN)) return [];
  const back = await inventory.createMoves(
    moves.filter((m) => m.reason === SALE).map((m) => ({ productId: m.productId, quantity: -m.quantity, reason: SALE_RETURN, reference: order.number })),
  );
  ctx.logger.info(`order ${order.number} cancelled: ${back.length} stock move(s) back`);
  return back;
}

/** The stock moves of an order. */
export async function movesOf(ctx: ModuleContext, orderId: number): Promise<StockMove[]> {
  const order = await ctx.module('sales').getOrder(orderId);
  return ctx.module('inventory').listMoves({ reference: order.number, limit: 500 });
}
