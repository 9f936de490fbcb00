// The realistic third-party case with module roles on: a module of 70 tables and 130 foreign keys
// installs (its postInit writing through its role), upgrades with a table and a column renamed and
// a version step, and uninstalls; its role's grants are checked in pg_catalog after each step.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '../../src/hub/types.js';
import { hubFactory, tempHost } from '../helpers.js';

const TABLES = 70;
const coreModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

/** Table i references t(i/2) and, from t9 on, t(i-1) too: 69 + 61 = 130 foreign keys. */
function schemaSource(v2: boolean): string {
  const name = (i: number) => (v2 && i === 5 ? 't5_renamed' : `t${i}`);
  const lines = [
    "import { pgSchema, serial, integer, text } from 'drizzle-orm/pg-core';",
    "export const s = pgSchema('erp');",
  ];
  for (let i = 0; i < TABLES; i++) {
    const cols = ["  id: serial('id').primaryKey(),", "  code: text('code').notNull(),",
      v2 && i === 3 ? "  title: text('title')," : "  label: text('label'),"];
    if (i > 0) cols.push(`  parentId: integer('parent_id').references(() => t${Math.floor(i / 2)}.id),`);
    if (i >= 9) cols.push(`  previousId: integer('previous_id').references(() => t${i - 1}.id),`);
    if (v2 && i === 10) cols.push("  note: text('note'),");
    lines.push(`export const t${i} = s.table('${name(i)}', {\n${cols.join('\n')}\n});`);
  }
  return lines.join('\n') + '\n';
}

function writeErp(addons: string, v2: boolean): void {
  const dir = join(addons, 'erp');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: '@hub/module-erp', version: v2 ? '2.0.0' : '1.0.0', type: 'module', main: 'index.js',
    hub: { module: 'erp' }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, 'schema.js'), schemaSource(v2));
  writeFileSync(join(dir, 'index.js'), `import { defineModule } from '@hub/kit';
import { eq } from 'drizzle-orm';
import * as schema from './schema.js';
export default defineModule({
  name: 'erp', schema,
  ${v2 ? "renames: { t5: 't5_renamed', 't3.label': 'title' }," : ''}
  hooks: { async postInit(ctx) {
    const [root] = await ctx.db.insert(schema.t0).values({ code: 'root' }).returning();
    const [five] = await ctx.db.insert(schema.t5).values({ code: 'five', parentId: null }).returning();
    await ctx.db.insert(schema.t10).values({ code: 'ten', parentId: five.id, previousId: null });
    const [one] = await ctx.db.insert(schema.t1).values({ code: 'one', parentId: root.id }).returning();
    await ctx.db.insert(schema.t3).values({ code: 'three', parentId: one.id, label: 'kept' });
  } },
  ${v2 ? "migrations: { '2.0.0': { async post(ctx) { await ctx.db.update(schema.t10).set({ note: 'moved' }).where(eq(schema.t10.code, 'ten')); } } }," : ''}
});
`);
}

async function grants(hub: Hub) {
  const [row] = await hub.db.query<{ tables: number; full: number; fks: number }>(`SELECT
      (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'erp' AND c.relkind = 'r') AS tables,
      (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
        WHERE n.nspname = 'erp' AND c.relkind = 'r' AND r.rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_erp'
          AND has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
          AND (SELECT bool_and(has_table_privilege(r.oid, c.oid, p)) FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p)) AS full,
      (SELECT count(*)::int FROM pg_constraint WHERE contype = 'f' AND connamespace = 'erp'::regnamespace) AS fks`);
  return row!;
}

describe.each(testDatabases())('a 70-table module with roles on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('installs, upgrades with renames and uninstalls; grants follow each step', { timeout: 180_000 }, async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const root = mkdtempSync(join(tmpdir(), 'hub-erp-')); cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    symlinkSync(coreModules, join(root, 'node_modules'), 'dir');
    // Each version in a folder of its own: a process imports a given file once.
    writeErp(join(root, 'v1'), false);
    writeErp(join(root, 'v2'), true);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    let hub = await f.open([], { addonsPaths: [join(root, 'v1')] });

    await hub.apply({ action: 'install', modules: ['erp'] });
    expect(await grants(hub)).toEqual({ tables: 70, full: 70, fks: 130 });
    expect(await hub.db.query('SELECT code FROM erp.t3')).toEqual([{ code: 'three' }]);

    await f.closeAll();
    hub = await f.open([], { addonsPaths: [join(root, 'v2')] });
    const plan = await hub.plan({ action: 'upgrade', modules: ['erp'] });
    expect(plan.text).toMatch(/RENAME TO "t5_renamed"/);
    expect(plan.text).toMatch(/RENAME COLUMN "label" TO "title"/);
    expect(plan.text).toMatch(/Database access: read\/write schema erp/);
    await hub.apply({ action: 'upgrade', modules: ['erp'] }, { planHash: plan.hash });
    expect(await grants(hub)).toEqual({ tables: 70, full: 70, fks: 130 });
    expect(await hub.db.query('SELECT title FROM erp.t3')).toEqual([{ title: 'kept' }]);
    expect(await hub.db.query('SELECT note FROM erp.t10')).toEqual([{ note: 'moved' }]);
    // The module reads and writes the renamed table through its role at run time too.
    const { db } = await hub.context('erp');
    const t5 = (await hub.load('erp')).definition.schema!.t5 as never;
    expect(await db.select().from(t5)).toHaveLength(1);

    await hub.apply({ action: 'uninstall', modules: ['erp'], options: { dropTables: true } });
    expect(await hub.db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'erp'`)).toEqual([]);
    expect(await hub.db.query(`SELECT 1 FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_erp'`)).toEqual([]);
  });
});
