import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { integer, pgSchema, serial, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { dropStatements } from './dropStatements.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements, makeFixtures } from './testFixtures.js';

describe.each(testDatabases())('dropStatements on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  async function install(exports: Record<string, unknown>, schemas: string[], moduleName: string) {
    const snapshot = await moduleSnapshot(exports, schemas);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: snapshot, moduleName })).statements);
    return snapshot;
  }

  it('drops every table (with rows), enum and sequence in FK order, then the empty schema', async () => {
    const f = makeFixtures();
    const crm = await install(f.crm.v1, [f.crmName], f.crmName);
    const shop = await install(f.shop.v2, [f.shopName], f.shopName);
    await db.exec(`insert into "${f.crmName}".people (fullname) values ('Ada');
      insert into "${f.shopName}".products (sku, name) values ('A1', 'Apple');
      insert into "${f.shopName}".orders (customer_id) values (1);
      insert into "${f.shopName}".order_items (order_id, product_id) values (1, 1);
      insert into "${f.shopName}".shipments (order_id) values (1);`);

    // crm is still referenced by shop: no CASCADE, so dropping it first fails and changes nothing.
    await expect(applyStatements(db, dropStatements(crm, { dropSchema: f.crmName }))).rejects.toThrow();
    expect((await introspectSchema(db, f.crmName)).tables.people).toBeDefined();

    const statements = dropStatements(shop, { dropSchema: f.shopName });
    const tables = statements.filter((s) => s.sql.startsWith('DROP TABLE')).map((s) => s.sql);
    const at = (name: string) => tables.findIndex((s) => s.includes(`"${name}"`));
    expect(at('order_items')).toBeLessThan(at('orders'));
    expect(at('order_items')).toBeLessThan(at('products'));
    expect(at('shipments')).toBeLessThan(at('orders'));
    expect(statements.filter((s) => s.dataLoss).map((s) => s.dataLoss)).toContain(`drops table "${f.shopName}"."orders" and all its rows`);
    expect(statements.at(-2)?.sql).toBe(`DROP TYPE "${f.shopName}"."order_status";`);
    await applyStatements(db, statements);
    expect(await introspectSchema(db, f.shopName)).toEqual({ schema: f.shopName, exists: false, tables: {}, enums: {}, sequences: {}, views: {} });

    await applyStatements(db, dropStatements(crm, { dropSchema: f.crmName }));
    expect((await introspectSchema(db, f.crmName)).exists).toBe(false);
  });

  it('cuts reference cycles first, drops sequences, and keeps a schema that still holds other objects', async () => {
    const name = `cyc_${process.pid}_${Date.now().toString(36)}`;
    const s = pgSchema(name);
    const a = s.table('a', { id: serial('id').primaryKey(), b: integer('b').references((): AnyPgColumn => b.id) });
    const b = s.table('b', { id: serial('id').primaryKey(), a: integer('a').references((): AnyPgColumn => a.id) });
    const counter = s.sequence('counter', { startWith: 100 });
    const snapshot = await install({ a, b, counter }, [name], name);
    await db.exec(`insert into "${name}".a (b) values (null); insert into "${name}".b (a) values (1); update "${name}".a set b = 1;
      create table "${name}".foreign_object (x int)`);
    const statements = dropStatements(snapshot, { dropSchema: name });
    expect(statements[0].sql).toMatch(/^ALTER TABLE .* DROP CONSTRAINT/);
    await applyStatements(db, statements);
    const left = await introspectSchema(db, name);
    expect(left.exists).toBe(true);
    expect(Object.keys(left.tables)).toEqual(['foreign_object']);
    expect(left.sequences).toEqual({});
    // Dropping an absent schema is not an error either.
    await applyStatements(db, dropStatements(await emptySnapshot(), { dropSchema: `${name}_absent` }));
  });
});
