// A module using identity, enum/value/sequence renames, concurrent indexes, views and a
// materialized view: installs, refuses at plan what the rows forbid, upgrades to exactly a fresh
// install of the new version with its rows, owns its views, backs up only tables, uninstalls.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { introspectSchema } from '../src/schema/index.js';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('schema constructs through the hub on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f;
  };

  it('installs 1.0.0, refuses NULLs before an identity at plan, upgrades to exactly a fresh 1.1.0 with the rows', async () => {
    const f = await setup();
    let hub = await f.open(['shapes-v1']);
    // A concurrent index never fails an install: it is built after the commit, concurrently.
    const install = await hub.plan({ action: 'install', modules: ['shapes'] });
    expect(install.modules[0]!.online!.map((s) => s.sql)).toEqual([
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "tickets_title_idx" ON "shapes"."tickets" USING btree ("title");',
    ]);
    expect(install.modules[0]!.statements.some((s) => /tickets_title_idx/.test(s.sql))).toBe(false);
    await hub.apply({ action: 'install', modules: ['shapes'] });
    await hub.db.exec(`insert into shapes.tickets (title, kind) values ('a', 'large'), ('b', 'small');
      select nextval('shapes.ticket_numbers'); select nextval('shapes.ticket_numbers');`);
    await hub.close();

    hub = await f.open(['shapes-v2']);
    // "number" becomes an identity: its NULLs are seen at plan time, before anything runs.
    for (const run of [() => hub.plan({ action: 'upgrade', modules: ['shapes'] }), () => hub.apply({ action: 'upgrade', modules: ['shapes'] })]) {
      const error = await run().then(() => undefined, (e) => e);
      expect(error).toMatchObject({ code: 'HUB_SCHEMA_NULLS', status: 409, module: 'shapes' });
      expect(error.message).toContain('"shapes"."tickets"."number"');
      expect(error.hint).toBeTruthy();
    }
    expect((await hub.get('shapes')).installedVersion).toBe('1.0.0');

    await hub.db.exec(`update shapes.tickets set number = id * 10`);
    const plan = await hub.plan({ action: 'upgrade', modules: ['shapes'] });
    const sqls = plan.modules[0]!.statements.map((s) => s.sql);
    expect(sqls.slice(0, 3)).toEqual([
      'ALTER TYPE "shapes"."kind" RENAME TO "size";',
      'ALTER SEQUENCE "shapes"."ticket_numbers" RENAME TO "ticket_serials";',
      'ALTER TYPE "shapes"."size" RENAME VALUE \'large\' TO \'big\';',
    ]);
    expect(plan.modules[0]!.dataLoss).toEqual([]);
    await hub.apply({ action: 'upgrade', modules: ['shapes'] }, { planHash: plan.hash });
    const upgraded = await introspectSchema(hub.db, 'shapes');
    expect(await hub.db.query(`select id, number, title, kind::text from shapes.tickets order by id`)).toEqual([
      { id: 1, number: 10, title: 'a', kind: 'big' }, { id: 2, number: 20, title: 'b', kind: 'small' },
    ]);
    // The renamed sequence kept its position; the identity continues after the largest number.
    expect(await hub.db.query(`select nextval('shapes.ticket_serials')::int as n`)).toEqual([{ n: 102 }]);
    await hub.db.exec(`insert into shapes.tickets (title, kind) values ('c', 'big')`);
    expect(await hub.db.query(`select number from shapes.tickets where title = 'c'`)).toEqual([{ number: 21 }]);
    // Views read the upgraded table; the materialized view was refreshed by the version's hook.
    expect(await hub.db.query(`select title from shapes.big_titles order by 1`)).toEqual([{ title: 'a' }, { title: 'c' }]);
    expect(await hub.db.query(`select kind::text, n from shapes.ticket_counts order by 1`)).toEqual([{ kind: 'big', n: 1 }, { kind: 'small', n: 1 }]);

    // The module owns its views; a backup holds its table only.
    const owns = (await hub.get('shapes')).owns!.filter((o) => o.kind === 'view').map((o) => o.name).sort();
    expect(owns).toEqual(['big_tickets', 'big_titles', 'ticket_counts']);
    const backup = await hub.apply({ action: 'backup', modules: ['shapes'] });
    expect(backup.backups[0]!.tables.map((t) => t.table)).toEqual(['shapes.tickets']);

    // A fresh install of 1.1.0 has exactly the upgraded catalog (its hook fills the materialized view too).
    const fresh = await (await setup()).open(['shapes-v2']);
    await fresh.apply({ action: 'install', modules: ['shapes'] });
    expect(await introspectSchema(fresh.db, 'shapes')).toEqual(upgraded);
    expect(await fresh.db.query(`select count(*)::int as n from shapes.ticket_counts`)).toEqual([{ n: 0 }]);

    // Uninstall with dropTables drops views before the table they read, then the schema.
    await hub.apply({ action: 'uninstall', modules: ['shapes'], options: { dropTables: true, acceptDataLoss: true, backup: false } });
    expect((await introspectSchema(hub.db, 'shapes')).exists).toBe(false);
    expect((await hub.get('shapes')).owns).toEqual([]);
  });

  it('refuses a rename hint naming nothing, at validation and at plan', async () => {
    const f = await setup();
    const hub = await f.open(['shapes-badhint']);
    const report = await hub.validate('shapes');
    expect(report.valid).toBe(false);
    expect(report.errors.find((e) => e.code === 'HUB_SCHEMA_RENAME_UNKNOWN')?.message).toContain("'enum1' -> 'enum2'");
    await expect(hub.plan({ action: 'install', modules: ['shapes'] })).rejects.toMatchObject({ code: 'HUB_SCHEMA_RENAME_UNKNOWN', status: 422 });
    expect((await hub.list()).find((m) => m.name === 'shapes')?.state).toBe('available');
  });
});
