import { describe, expect, it } from 'vitest';
import { relations } from 'drizzle-orm';
import { index, integer, pgSchema, pgTable, serial } from 'drizzle-orm/pg-core';
import { isHubError } from '@hub/kit';
import { emptySnapshot } from './emptySnapshot.js';
import { loadDrizzleKit } from './loadDrizzleKit.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { makeFixtures } from './testFixtures.js';

describe('moduleSnapshot', () => {
  it('keeps only the listed schemas and records them', async () => {
    const f = makeFixtures();
    const stray = pgTable('stray', { id: serial('id').primaryKey() });
    const snapshot = await moduleSnapshot({ ...f.crm.v1, ...f.shop.v1, stray }, [f.shopName]);
    expect(Object.keys(snapshot.tables).sort()).toEqual([`${f.shopName}.order_items`, `${f.shopName}.orders`, `${f.shopName}.products`]);
    expect(Object.keys(snapshot.enums)).toEqual([`${f.shopName}.order_status`]);
    expect(snapshot.schemas).toEqual({ [f.shopName]: f.shopName });
    // The foreign key into the other module's schema is kept.
    expect(Object.values(snapshot.tables[`${f.shopName}.orders`].foreignKeys)[0]).toMatchObject({ schemaTo: f.crmName, tableTo: 'people' });
  });

  it('records a schema even when the pgSchema object itself is not exported', async () => {
    const f = makeFixtures();
    const { people, personKind } = f.crm.v1;
    const snapshot = await moduleSnapshot({ people, personKind }, [f.crmName, 'unused']);
    expect(snapshot.schemas).toEqual({ [f.crmName]: f.crmName });
  });

  it('refuses "public" and an empty list', async () => {
    const t = pgTable('t', { id: integer('id') });
    for (const schemas of [['public'], []]) {
      const error = await moduleSnapshot({ t }, schemas).catch((e: unknown) => e);
      expect(isHubError(error) && error.code).toBe('HUB_SCHEMA_SCOPE');
    }
  });

  it('turns drizzle-kit\'s process.exit on an invalid schema into HUB_SCHEMA_INVALID', async () => {
    const s = pgSchema('dup');
    const a = s.table('a', { x: integer('x') }, (t) => [index('same_idx').on(t.x)]);
    const b = s.table('b', { y: integer('y') }, (t) => [index('same_idx').on(t.y)]);
    const error = await moduleSnapshot({ a, b }, ['dup']).catch((e: unknown) => e);
    expect(isHubError(error) && error.code).toBe('HUB_SCHEMA_INVALID');
    expect((error as Error).message).toMatch(/duplicated index name/);
    expect(typeof process.exit).toBe('function');
    // Still alive, and the next snapshot works.
    expect(Object.keys((await moduleSnapshot({ a }, ['dup'])).tables)).toEqual(['dup.a']);
  });

  it('ignores exports that are not tables, enums or sequences (relations, functions, constants)', async () => {
    const f = makeFixtures();
    const { people } = f.crm.v1;
    const { orders } = f.shop.v1;
    const ordersRelations = relations(orders, ({ one }) => ({ customer: one(people, { fields: [orders.customerId], references: [people.id] }) }));
    const snapshot = await moduleSnapshot({ ...f.shop.v1, ordersRelations, helper: () => 1, LIMIT: 10 }, [f.shopName]);
    expect(Object.keys(snapshot.tables)).toHaveLength(3);
  });

  it('is JSON-serializable (stored in the state tables) and the empty snapshot is empty', async () => {
    const f = makeFixtures();
    const snapshot = await moduleSnapshot(f.shop.v1, [f.shopName]);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const empty = await emptySnapshot();
    expect([empty.tables, empty.enums, empty.schemas, empty.sequences]).toEqual([{}, {}, {}, {}]);
  });

  it('loads drizzle-kit once', async () => {
    expect(loadDrizzleKit()).toBe(loadDrizzleKit());
  });
});
