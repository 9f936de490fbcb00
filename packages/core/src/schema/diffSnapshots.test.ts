import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { index, pgSchema, timestamp } from 'drizzle-orm/pg-core';
import { testDatabases } from '@hub/tooling/test-databases';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements, bigint, integer, makeFixtures, serial, text, varchar } from './testFixtures.js';

describe.each(testDatabases())('diffSnapshots on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  async function installV1() {
    const f = makeFixtures();
    const empty = await emptySnapshot();
    const crm = await moduleSnapshot(f.crm.v1, [f.crmName]);
    const shop = await moduleSnapshot(f.shop.v1, [f.shopName]);
    const crmDiff = await diffSnapshots({ previous: empty, current: crm, moduleName: f.crmName });
    const shopDiff = await diffSnapshots({ previous: empty, current: shop, moduleName: f.shopName });
    await applyStatements(db, crmDiff.statements);
    await applyStatements(db, shopDiff.statements);
    return { f, crm, shop, crmDiff, shopDiff };
  }

  it('installs v1 from empty: schemas, enums, tables, FKs across schemas, association table, indexes', async () => {
    const { f, crmDiff, shopDiff } = await installV1();
    const sqls = [...crmDiff.statements, ...shopDiff.statements].map((s) => s.sql);
    expect(sqls).toContain(`CREATE SCHEMA IF NOT EXISTS "${f.crmName}";`);
    expect(sqls).toContain(`CREATE SCHEMA IF NOT EXISTS "${f.shopName}";`);
    expect(sqls.join('\n')).not.toMatch(/"public"|DROP /);
    expect(crmDiff.dataLoss).toEqual([]);
    expect(shopDiff.dataLoss).toEqual([]);
    expect(shopDiff.warnings).toEqual([]);

    const shop = await introspectSchema(db, f.shopName);
    expect(Object.keys(shop.tables).sort()).toEqual(['order_items', 'orders', 'products']);
    expect(shop.enums).toEqual({ order_status: ['draft', 'confirmed', 'done'] });
    expect(Object.values(shop.tables.orders.constraints)).toContain(`FOREIGN KEY (customer_id) REFERENCES ${f.crmName}.people(id) ON DELETE RESTRICT`);
    expect(Object.values(shop.tables.order_items.constraints)).toContain('PRIMARY KEY (order_id, product_id)');
    expect(Object.keys(shop.tables.products.indexes)).toContain('products_sku_idx');
    expect(Object.keys(shop.tables.orders.indexes)).toContain('orders_customer_idx');

    // The many-to-many association works across the FKs.
    await db.exec(`insert into "${f.crmName}".people (fullname) values ('Ada');
      insert into "${f.shopName}".products (sku, name) values ('A1', 'Apple'), ('B2', 'Banana');
      insert into "${f.shopName}".orders (customer_id) values (1);
      insert into "${f.shopName}".order_items (order_id, product_id, quantity) values (1, 1, 3), (1, 2, 1);`);
    await expect(db.exec(`insert into "${f.shopName}".order_items (order_id, product_id) values (1, 99)`)).rejects.toThrow();
  });

  it('a schema another module already created is not created twice', async () => {
    const { f, shop } = await installV1();
    // The same diff again on a database that has the schema (e.g. created by an extending module).
    const again = await diffSnapshots({ previous: await emptySnapshot(), current: { ...shop, tables: {}, enums: {} }, moduleName: f.shopName });
    expect(again.statements.map((s) => s.sql)).toEqual([`CREATE SCHEMA IF NOT EXISTS "${f.shopName}";`]);
    await applyStatements(db, again.statements);
  });

  it('upgrades v1 -> v2 (column, index, table), keeps rows, and equals a fresh v2 install', async () => {
    const { f, shop } = await installV1();
    await db.exec(`insert into "${f.crmName}".people (fullname) values ('Bob'); insert into "${f.shopName}".orders (customer_id) values (1)`);
    const v2 = await moduleSnapshot(f.shop.v2, [f.shopName]);
    const diff = await diffSnapshots({ previous: shop, current: v2, moduleName: f.shopName });
    expect(diff.dataLoss).toEqual([]);
    expect(diff.statements.map((s) => s.sql)).toEqual([
      expect.stringMatching(new RegExp(`^CREATE TABLE "${f.shopName}"\\."shipments"`)),
      `ALTER TABLE "${f.shopName}"."orders" ADD COLUMN "note" text;`,
      `CREATE INDEX "orders_created_idx" ON "${f.shopName}"."orders" USING btree ("created_at");`,
      expect.stringMatching(/^ALTER TABLE .*"shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY/),
    ]);
    await applyStatements(db, diff.statements);
    const upgraded = await introspectSchema(db, f.shopName);
    expect(await db.query(`select count(*)::int as n from "${f.shopName}".orders`)).toEqual([{ n: 1 }]);

    // Fresh install of v2 into the same names, after dropping v1+v2.
    const { dropStatements } = await import('./dropStatements.js');
    await applyStatements(db, dropStatements(v2, { dropSchema: f.shopName }));
    expect((await introspectSchema(db, f.shopName)).exists).toBe(false);
    const fresh = await diffSnapshots({ previous: await emptySnapshot(), current: v2, moduleName: f.shopName });
    await applyStatements(db, fresh.statements);
    expect(await introspectSchema(db, f.shopName)).toEqual(upgraded);
  });

  it('a snapshot stored as jsonb (keys reordered) diffs the same', async () => {
    const f = makeFixtures();
    const v1 = await moduleSnapshot(f.shop.v1, [f.shopName]);
    const v2 = await moduleSnapshot(f.shop.v2, [f.shopName]);
    const [row] = await db.query<{ j: string }>('select $1::jsonb::text as j', [JSON.stringify(v1)]);
    const stored = JSON.parse(row.j);
    expect(Object.keys(stored)).not.toEqual(Object.keys(v1)); // jsonb did reorder
    const direct = await diffSnapshots({ previous: v1, current: v2, moduleName: f.shopName });
    const fromStored = await diffSnapshots({ previous: stored, current: v2, moduleName: f.shopName });
    expect(fromStored.statements.map((s) => s.sql).sort()).toEqual(direct.statements.map((s) => s.sql).sort());
    expect((await diffSnapshots({ previous: stored, current: v1, moduleName: f.shopName })).statements).toEqual([]);
  });

  it('a column rename hint renames in place and keeps the data; the hint is ignored afterwards', async () => {
    const f = makeFixtures();
    const t = f.table(
      { id: serial('id').primaryKey(), fullname: text('fullname').notNull() },
      { id: serial('id').primaryKey(), name: text('name').notNull() },
    );
    const v1 = await moduleSnapshot(t.v1, [t.schemaName]);
    const v2 = await moduleSnapshot(t.v2, [t.schemaName]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v1, moduleName: t.schemaName })).statements);
    await db.exec(`insert into "${t.schemaName}".things (fullname) values ('Ada Lovelace')`);
    const renames = { 'things.fullname': 'name' };
    const diff = await diffSnapshots({ previous: v1, current: v2, renames, moduleName: t.schemaName });
    expect(diff.statements).toEqual([{ sql: `ALTER TABLE "${t.schemaName}"."things" RENAME COLUMN "fullname" TO "name";` }]);
    expect(diff.dataLoss).toEqual([]);
    await applyStatements(db, diff.statements);
    expect(await db.query(`select name from "${t.schemaName}".things`)).toEqual([{ name: 'Ada Lovelace' }]);
    // Later upgrades keep the hint in the manifest: it must not do anything any more.
    expect((await diffSnapshots({ previous: v2, current: v2, renames, moduleName: t.schemaName })).statements).toEqual([]);
  });

  it('a table rename hint renames the table, its primary key and serial sequence, like a fresh install', async () => {
    const f = makeFixtures();
    const cols = () => ({ id: serial('id').primaryKey(), label: text('label') });
    const s = f.table(cols(), cols(), 'old_things');
    const v2Tables = { t: pgSchema(s.schemaName).table('new_things', cols()) };
    const v1 = await moduleSnapshot(s.v1, [s.schemaName]);
    const v2 = await moduleSnapshot(v2Tables, [s.schemaName]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v1, moduleName: s.schemaName })).statements);
    await db.exec(`insert into "${s.schemaName}".old_things (label) values ('kept')`);
    const diff = await diffSnapshots({ previous: v1, current: v2, renames: { old_things: 'new_things' }, moduleName: s.schemaName });
    expect(diff.dataLoss).toEqual([]);
    expect(diff.statements[0].sql).toBe(`ALTER TABLE "${s.schemaName}"."old_things" RENAME TO "new_things";`);
    await applyStatements(db, diff.statements);
    expect(await db.query(`select id, label from "${s.schemaName}".new_things`)).toEqual([{ id: 1, label: 'kept' }]);
    const upgraded = await introspectSchema(db, s.schemaName);
    await db.exec(`drop schema "${s.schemaName}" cascade`);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v2, moduleName: s.schemaName })).statements);
    expect(await introspectSchema(db, s.schemaName)).toEqual(upgraded);
  });

  it('without a hint, a removed and an added column are a drop and an add (no prompt), flagged', async () => {
    const f = makeFixtures();
    const t = f.table(
      { id: serial('id').primaryKey(), fullname: text('fullname') },
      { id: serial('id').primaryKey(), name: text('name') },
    );
    const v1 = await moduleSnapshot(t.v1, [t.schemaName]);
    const v2 = await moduleSnapshot(t.v2, [t.schemaName]);
    const diff = await diffSnapshots({ previous: v1, current: v2, moduleName: t.schemaName });
    expect(diff.statements.map((s) => s.sql)).toEqual([
      `ALTER TABLE "${t.schemaName}"."things" DROP COLUMN "fullname";`,
      `ALTER TABLE "${t.schemaName}"."things" ADD COLUMN "name" text;`,
    ]);
    expect(diff.dataLoss).toEqual([`drops column "${t.schemaName}"."things"."fullname" and its values`]);
  });

  it('flags destructive changes (dropped table, column, enum) naming schema, table and column', async () => {
    const { f, crm, shop } = await installV1();
    // crm loses people.age; shop loses order_items and the order_status enum (status becomes text).
    const crmV2 = structuredClone(crm);
    delete crmV2.tables[`${f.crmName}.people`].columns.age;
    const s = pgSchema(f.shopName);
    const shopV2 = await moduleSnapshot({
      products: f.shop.v1.products,
      orders: s.table('orders', {
        id: serial('id').primaryKey(),
        customerId: integer('customer_id').notNull().references(() => f.crm.v1.people.id, { onDelete: 'restrict' }),
        status: text('status').default('draft').notNull(),
        createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
      }, (t) => [index('orders_customer_idx').on(t.customerId)]),
    }, [f.shopName]);
    const crmDiff = await diffSnapshots({ previous: crm, current: crmV2, moduleName: f.crmName });
    expect(crmDiff.statements).toEqual([{ sql: `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "age";`, dataLoss: `drops column "${f.crmName}"."people"."age" and its values` }]);
    const shopDiff = await diffSnapshots({ previous: shop, current: shopV2, moduleName: f.shopName });
    expect(shopDiff.dataLoss).toEqual([
      `drops table "${f.shopName}"."order_items" and all its rows`,
      `drops enum type "${f.shopName}"."order_status"`,
    ]);
    await applyStatements(db, crmDiff.statements);
    await applyStatements(db, shopDiff.statements);
    const after = await introspectSchema(db, f.shopName);
    expect(Object.keys(after.tables).sort()).toEqual(['orders', 'products']);
    expect(after.tables.orders.columns.status.type).toBe('text');
    expect(after.enums).toEqual({});
  });

  it.each([
    ['integer -> bigint', integer('v'), bigint('v', { mode: 'number' }), false],
    ['varchar(10) -> varchar(20)', varchar('v', { length: 10 }), varchar('v', { length: 20 }), false],
    ['varchar(10) -> text', varchar('v', { length: 10 }), text('v'), false],
    ['bigint -> integer', bigint('v', { mode: 'number' }), integer('v'), true],
    ['text -> varchar(5)', text('v'), varchar('v', { length: 5 }), true],
    ['varchar(20) -> varchar(10)', varchar('v', { length: 20 }), varchar('v', { length: 10 }), true],
    ['text -> integer (needs USING)', text('v'), integer('v'), true],
    ['integer -> text', integer('v'), text('v'), false],
  ] as const)('type change %s: flagged=%s', async (_label, before, after, flagged) => {
    const f = makeFixtures();
    const t = f.table({ id: serial('id').primaryKey(), v: before }, { id: serial('id').primaryKey(), v: after });
    const v1 = await moduleSnapshot(t.v1, [t.schemaName]);
    const v2 = await moduleSnapshot(t.v2, [t.schemaName]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: v1, moduleName: t.schemaName })).statements);
    await db.exec(`insert into "${t.schemaName}".things (v) values ('1234')`);
    const diff = await diffSnapshots({ previous: v1, current: v2, moduleName: t.schemaName });
    expect(diff.statements).toHaveLength(1);
    expect(diff.statements[0].sql).toMatch(/SET DATA TYPE/);
    expect(diff.dataLoss).toEqual(flagged ? [expect.stringContaining(`column "${t.schemaName}"."things"."v" from`)] : []);
    await applyStatements(db, diff.statements);
    expect(await db.query(`select v::text as v from "${t.schemaName}".things`)).toEqual([{ v: '1234' }]);
  });

  it('warns (not data loss) when an existing column becomes NOT NULL or a NOT NULL column is added without default', async () => {
    const f = makeFixtures();
    const t = f.table(
      { id: serial('id').primaryKey(), a: text('a') },
      { id: serial('id').primaryKey(), a: text('a').notNull(), b: integer('b').notNull(), c: integer('c').notNull().default(0) },
    );
    const v1 = await moduleSnapshot(t.v1, [t.schemaName]);
    const v2 = await moduleSnapshot(t.v2, [t.schemaName]);
    const diff = await diffSnapshots({ previous: v1, current: v2, moduleName: t.schemaName });
    expect(diff.dataLoss).toEqual([]);
    expect(diff.warnings).toEqual([
      `makes existing column "${t.schemaName}"."things"."a" NOT NULL: fails if existing rows hold NULL`,
      `adds NOT NULL column "${t.schemaName}"."things"."b" without a default: fails if the table has rows`,
    ]);
  });

  it('extending a table: the same snapshot plus columns gives only ADD COLUMN, the reverse only DROP COLUMN', async () => {
    const { f, crm } = await installV1();
    const extended = structuredClone(crm);
    const people = extended.tables[`${f.crmName}.people`];
    people.columns.loyalty_points = { name: 'loyalty_points', type: 'integer', primaryKey: false, notNull: true, default: 0 };
    people.columns.vip = { name: 'vip', type: 'boolean', primaryKey: false, notNull: false };
    const add = await diffSnapshots({ previous: crm, current: extended, moduleName: 'loyalty' });
    expect(add.statements.map((s) => s.sql)).toEqual([
      `ALTER TABLE "${f.crmName}"."people" ADD COLUMN "loyalty_points" integer DEFAULT 0 NOT NULL;`,
      `ALTER TABLE "${f.crmName}"."people" ADD COLUMN "vip" boolean;`,
    ]);
    expect(add.dataLoss).toEqual([]);
    await applyStatements(db, add.statements);
    const remove = await diffSnapshots({ previous: extended, current: crm, moduleName: 'loyalty' });
    expect(remove.statements.map((s) => s.sql)).toEqual([
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "loyalty_points";`,
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "vip";`,
    ]);
    expect(remove.dataLoss).toHaveLength(2);
    await applyStatements(db, remove.statements);
  });
});
