import { describe, expect, it } from 'vitest';
import { integer, pgSchema, serial, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { moduleSnapshot } from './moduleSnapshot.js';
import { tablesInOrder } from './tablesInOrder.js';
import { makeFixtures } from './testFixtures.js';

describe('tablesInOrder', () => {
  it('puts referenced tables first, keeping the snapshot order otherwise', async () => {
    const f = makeFixtures();
    const snapshot = await moduleSnapshot({ ...f.shop.v2 }, [f.shopName]);
    const order = tablesInOrder(snapshot).map((t) => t.name);
    expect(order).toHaveLength(4);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('orders', 'order_items');
    before('products', 'order_items');
    before('orders', 'shipments');
    expect(tablesInOrder(snapshot)[0].schema).toBe(f.shopName);
  });

  it('ignores references outside the snapshot and self-references; cycles come last', async () => {
    const s = pgSchema('cyc');
    const a = s.table('a', { id: serial('id').primaryKey(), b: integer('b').references((): AnyPgColumn => b.id) });
    const b = s.table('b', { id: serial('id').primaryKey(), a: integer('a').references((): AnyPgColumn => a.id) });
    const root = s.table('root', { id: serial('id').primaryKey(), parent: integer('parent').references((): AnyPgColumn => root.id) });
    const leaf = s.table('leaf', { id: serial('id').primaryKey(), root: integer('root').references(() => root.id) });
    const snapshot = await moduleSnapshot({ leaf, a, b, root }, ['cyc']);
    expect(tablesInOrder(snapshot).map((t) => t.name)).toEqual(['root', 'leaf', 'a', 'b']);
  });
});
