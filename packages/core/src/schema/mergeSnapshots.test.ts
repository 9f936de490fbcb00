import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { boolean, index, integer, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { isHubError } from '@hub/kit';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { dropStatements } from './dropStatements.js';
import { emptySnapshot } from './emptySnapshot.js';
import { introspectSchema } from './introspectSchema.js';
import { mergeSnapshots } from './mergeSnapshots.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { applyStatements, makeFixtures } from './testFixtures.js';

describe.each(testDatabases())('mergeSnapshots (extending another module) on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  it('installing an extension only adds its columns to the owner table; uninstalling only drops them', async () => {
    const f = makeFixtures();
    const owner = await moduleSnapshot(f.crm.v1, [f.crmName]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: owner, moduleName: f.crmName })).statements);
    await db.exec(`insert into "${f.crmName}".people (fullname) values ('Ada')`);
    const before = await introspectSchema(db, f.crmName);

    // The "loyalty" module declares crm.people again with its extra columns, plus a table of its own.
    const loyaltyName = `loyalty_${f.crmName}`;
    const crm = pgSchema(f.crmName);
    const loyalty = pgSchema(loyaltyName);
    const people = crm.table('people', { loyaltyPoints: integer('loyalty_points').notNull().default(0), vip: boolean('vip') }, (t) => [index('people_vip_idx').on(t.vip)]);
    const rewards = loyalty.table('rewards', { id: serial('id').primaryKey(), personId: integer('person_id').references(() => f.crm.v1.people.id), label: text('label') });
    const extension = await moduleSnapshot({ people }, [f.crmName]);
    const own = await moduleSnapshot({ rewards }, [loyaltyName]);

    const extended = mergeSnapshots(owner, extension);
    const add = await diffSnapshots({ previous: owner, current: extended, moduleName: loyaltyName });
    expect(add.statements.map((s) => s.sql)).toEqual([
      `ALTER TABLE "${f.crmName}"."people" ADD COLUMN "loyalty_points" integer DEFAULT 0 NOT NULL;`,
      `ALTER TABLE "${f.crmName}"."people" ADD COLUMN "vip" boolean;`,
      `CREATE INDEX "people_vip_idx" ON "${f.crmName}"."people" USING btree ("vip");`,
    ]);
    expect(add.dataLoss).toEqual([]);
    await applyStatements(db, add.statements);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: own, moduleName: loyaltyName })).statements);
    expect(await db.query(`select fullname, loyalty_points, vip from "${f.crmName}".people`)).toEqual([{ fullname: 'Ada', loyalty_points: 0, vip: null }]);

    const remove = await diffSnapshots({ previous: extended, current: owner, moduleName: loyaltyName });
    expect(remove.statements.map((s) => s.sql)).toEqual([
      `DROP INDEX "${f.crmName}"."people_vip_idx";`,
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "loyalty_points";`,
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "vip";`,
    ]);
    expect(remove.dataLoss).toEqual([
      `drops column "${f.crmName}"."people"."loyalty_points" and its values`,
      `drops column "${f.crmName}"."people"."vip" and its values`,
    ]);
    await db.exec(`drop schema "${loyaltyName}" cascade`);
    await applyStatements(db, remove.statements);
    expect(await introspectSchema(db, f.crmName)).toEqual(before);
  });

  it('an extending module on its own: install adds its columns, uninstall drops only them', async () => {
    const f = makeFixtures();
    const owner = await moduleSnapshot(f.crm.v1, [f.crmName]);
    await applyStatements(db, (await diffSnapshots({ previous: await emptySnapshot(), current: owner, moduleName: f.crmName })).statements);
    await db.exec(`insert into "${f.crmName}".people (fullname) values ('Ada')`);
    const before = await introspectSchema(db, f.crmName);

    const loyaltyName = `loyalty2_${f.crmName}`;
    const people = pgSchema(f.crmName).table('people', { points: integer('points').default(0), tierId: integer('tier_id') });
    const tiers = pgSchema(loyaltyName).table('tiers', { id: serial('id').primaryKey(), ownerId: integer('owner_id').references(() => f.crm.v1.people.id) });
    const snapshot = await moduleSnapshot({ people, tiers }, [loyaltyName, f.crmName]);

    const install = await diffSnapshots({ previous: await emptySnapshot(), current: snapshot, moduleName: loyaltyName });
    const sqls = install.statements.map((s) => s.sql);
    expect(sqls.filter((s) => s.includes(`"${f.crmName}"`) && !s.includes(`"${loyaltyName}"`))).toEqual([
      `CREATE SCHEMA IF NOT EXISTS "${f.crmName}";`,
      `ALTER TABLE "${f.crmName}"."people" ADD COLUMN "points" integer DEFAULT 0;`,
      `ALTER TABLE "${f.crmName}"."people" ADD COLUMN "tier_id" integer;`,
    ]);
    expect(install.dataLoss).toEqual([]);
    await applyStatements(db, install.statements);
    expect(await db.query(`select fullname, points from "${f.crmName}".people`)).toEqual([{ fullname: 'Ada', points: 0 }]);

    // Uninstall with dropTables: its own tables go, the owner's table only loses the extension columns.
    const drops = dropStatements(snapshot, { dropSchema: loyaltyName });
    expect(drops.map((s) => s.sql)).toEqual([
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "points";`,
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "tier_id";`,
      `DROP TABLE "${loyaltyName}"."tiers";`,
      expect.stringMatching(/^DO \$hub\$ BEGIN DROP SCHEMA/),
    ]);
    await applyStatements(db, drops);
    expect(await introspectSchema(db, f.crmName)).toEqual(before);
    expect((await introspectSchema(db, loyaltyName)).exists).toBe(false);

    // The same through a diff back to nothing (what a rollback of the install does).
    await applyStatements(db, install.statements);
    const back = await diffSnapshots({ previous: snapshot, current: await emptySnapshot(), moduleName: loyaltyName });
    expect(back.statements.map((s) => s.sql).filter((s) => s.includes(`"${f.crmName}"."people"`))).toEqual([
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "points";`,
      `ALTER TABLE "${f.crmName}"."people" DROP COLUMN "tier_id";`,
    ]);
    await applyStatements(db, back.statements);
    expect(await introspectSchema(db, f.crmName)).toEqual(before);
  });

  it('refuses a column declared twice with different definitions', async () => {
    const f = makeFixtures();
    const owner = await moduleSnapshot(f.crm.v1, [f.crmName]);
    const clash = await moduleSnapshot({ people: pgSchema(f.crmName).table('people', { age: text('age') }) }, [f.crmName]);
    const error = (() => { try { mergeSnapshots(owner, clash); } catch (e) { return e; } })();
    expect(isHubError(error) && error.code).toBe('HUB_SCHEMA_CONFLICT');
    // The same definition twice is fine.
    const same = await moduleSnapshot({ people: pgSchema(f.crmName).table('people', { age: integer('age') }) }, [f.crmName]);
    expect(mergeSnapshots(owner, same).tables).toEqual(owner.tables);
  });
});
