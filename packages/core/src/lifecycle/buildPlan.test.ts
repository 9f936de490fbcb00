// The planner on an in-memory catalog (modules made with defineModule and Drizzle schemas, state
// rows made from their snapshots) over a real database, which the planner reads for migrations,
// backups, NULL checks and row estimates. Each case states the request and what the plan must
// say: the steps in order (action, module, reason), their SQL, data loss, backups and hooks, or
// the coded error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineModule } from '@hub/kit';
import { integer, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { testDatabases } from '@hub/tooling/test-databases';
import { openTestDatabase } from '../../test/helpers.js';
import type { Database } from '../db/types.js';
import type { DiscoveredModule, LoadedModule, OperationRequest } from '../hub/types.js';
import { moduleSnapshot, type Snapshot } from '../schema/index.js';
import { insertBackup, insertMigration, migrateState, type ModuleRow } from '../state/index.js';
import { buildPlan } from './buildPlan.js';
import type { PreparedPlan } from './types.js';

// --- the catalog: every version of every module the cases use ----------------------------------
const baseSchema = pgSchema('base');
const crmSchema = pgSchema('crm');
const salesSchema = pgSchema('sales');
const peopleV1 = crmSchema.table('people', { id: serial('id').primaryKey(), name: text('name').notNull(), note: text('note') });
const crm = {
  '1.0.0': { people: peopleV1 },
  // 1.1.0 adds a column (and a version step); 2.0.0 drops one; 1.0.0-strict makes note NOT NULL.
  '1.1.0': { people: crmSchema.table('people', { id: serial('id').primaryKey(), name: text('name').notNull(), note: text('note'), email: text('email') }) },
  '2.0.0': { people: crmSchema.table('people', { id: serial('id').primaryKey(), note: text('note') }) },
  strict: { people: crmSchema.table('people', { id: serial('id').primaryKey(), name: text('name').notNull(), note: text('note').notNull() }) },
};
const orders = salesSchema.table('orders', { id: serial('id').primaryKey(), personId: integer('person_id').references(() => peopleV1.id) });

interface Code { version: string; depends?: string[]; autoInstall?: boolean; schema?: Record<string, unknown>; extra?: Record<string, unknown> }

const CATALOG: Record<string, Code> = {
  base: { version: '1.0.0', schema: { settings: baseSchema.table('settings', { key: text('key').primaryKey(), value: text('value') }) } },
  crm: { version: '1.0.0', depends: ['base'], schema: crm['1.0.0'], extra: { hooks: { preInit: async () => {}, postInit: async () => {} }, data: ['data/people.json'] } },
  sales: { version: '1.0.0', depends: ['crm'], schema: { orders } },
  // A bridge: installed by itself once both sides are, removed with either.
  crm_sales: { version: '1.0.0', depends: ['crm', 'sales'], autoInstall: true },
};

/** The code discovered now: the catalog with some modules at other versions or schemas. */
type CodeChanges = Record<string, Partial<Code>>;
/** Rows of hub.modules: module -> version installed (with the catalog's schema at that version unless given). */
type Installed = Record<string, { version?: string; schema?: Record<string, unknown>; state?: ModuleRow['state']; enabled?: boolean }>;

function discovered(changes: CodeChanges): Map<string, { info: DiscoveredModule; code: Code }> {
  const out = new Map<string, { info: DiscoveredModule; code: Code }>();
  for (const [name, base] of Object.entries(CATALOG)) {
    const code = { ...base, ...changes[name] };
    out.set(name, {
      code,
      info: {
        name, packageName: `@test/${name}`, version: code.version, application: false, autoInstall: code.autoInstall ?? false,
        depends: code.depends ?? [], entry: `/fixture/${name}/index.js`, dir: `/fixture/${name}`, source: 'addons',
      },
    });
  }
  return out;
}

const snapshotOf = (name: string, schema: Record<string, unknown> = {}) => moduleSnapshot(schema, [name]);

async function rowsOf(installed: Installed): Promise<Map<string, ModuleRow>> {
  const rows = new Map<string, ModuleRow>();
  for (const [name, r] of Object.entries(installed)) {
    rows.set(name, {
      name, version: r.version ?? CATALOG[name]!.version, state: r.state ?? 'installed', enabled: r.enabled ?? true,
      snapshot: await snapshotOf(name, r.schema ?? CATALOG[name]!.schema), manifestHash: null,
      installedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  return rows;
}

async function plan(db: Database, request: OperationRequest, installed: Installed, changes: CodeChanges = {}): Promise<PreparedPlan> {
  const modules = discovered(changes);
  const loaded = new Map<string, LoadedModule>();
  for (const [name, { info, code }] of modules) {
    loaded.set(name, { info, codeHash: `${name}@${code.version}`, definition: defineModule({ name, ...(code.schema ? { schema: code.schema } : {}), ...code.extra } as never) });
  }
  return buildPlan({
    request, discovered: new Map([...modules].map(([n, m]) => [n, m.info])), rows: await rowsOf(installed), kitVersion: '0.1.0', db, env: {},
    load: async (name) => loaded.get(name)!,
    snapshotOf: (l) => snapshotOf(l.info.name, l.definition.schema as Record<string, unknown> | undefined),
  });
}

/** "action module reason" per step, in order. */
const stepsOf = (p: PreparedPlan) => p.steps.map((s) => `${s.planned.action} ${s.planned.name} ${s.planned.reason}`);
const all = { base: {}, crm: {}, sales: {} };

interface Case {
  title: string;
  request: OperationRequest;
  installed?: Installed;
  code?: CodeChanges;
  /** Run on the database before planning (rows the NULL check finds, migrations, backups). */
  seed?: (db: Database) => Promise<void>;
  steps?: string[];
  /** Asserted on the prepared plan beyond the step list. */
  check?: (p: PreparedPlan) => void;
  warning?: RegExp;
  error?: string;
}

const cases: Case[] = [
  // --- install -----------------------------------------------------------------------------------
  {
    title: 'install brings base first, each step creating its own schema, nothing lost',
    request: { action: 'install', modules: ['crm'] },
    steps: ['install base dependency', 'install crm requested'],
    check: (p) => {
      const [base, crm] = p.steps;
      expect(base!.planned.statements.map((s) => s.sql).join('\n')).toMatch(/CREATE TABLE "base"\."settings"/);
      expect(crm!.planned.statements.map((s) => s.sql).join('\n')).toMatch(/CREATE TABLE "crm"\."people"/);
      expect(crm!.planned).toMatchObject({ toVersion: '1.0.0', dataLoss: [], backupTables: [], hooks: ['preInit', 'postInit'], dataFiles: ['data/people.json'] });
      expect(crm!.planned.fromVersion).toBeUndefined();
      expect(crm!.dataFilePaths).toEqual(['/fixture/crm/data/people.json']);
      expect(crm!.dataOnlyKeyed).toBe(false);
      expect(crm!.down!.map((s) => s.sql).join('\n')).toMatch(/DROP SCHEMA "crm"/);
    },
  },
  {
    title: 'install of a module with dependencies installs them first, and the bridge that now has both sides',
    request: { action: 'install', modules: ['sales'] },
    steps: ['install base dependency', 'install crm dependency', 'install sales requested', 'install crm_sales autoInstall'],
  },
  {
    title: 'install skips what is installed and plans the rest',
    request: { action: 'install', modules: ['crm', 'sales'] },
    installed: { base: {}, crm: {} },
    steps: ['install sales requested', 'install crm_sales autoInstall'],
    warning: /"crm" is already installed \(1\.0\.0\); skipped/,
  },
  {
    title: 'install over kept tables (uninstalled without dropTables) reuses them: no SQL, keyed data only',
    request: { action: 'install', modules: ['crm'] },
    installed: { base: {}, crm: { state: 'uninstalled' } },
    steps: ['install crm requested'],
    check: (p) => {
      expect(p.steps[0]!.planned).toMatchObject({ fromVersion: '1.0.0', toVersion: '1.0.0', statements: [] });
      expect(p.steps[0]!.dataOnlyKeyed).toBe(true);
    },
  },
  { title: 'install of an installed module is refused', request: { action: 'install', modules: ['crm'] }, installed: { base: {}, crm: {} }, error: 'HUB_ALREADY_INSTALLED' },
  { title: 'install of an unknown module is refused', request: { action: 'install', modules: ['nowhere'] }, error: 'HUB_MODULE_NOT_FOUND' },
  { title: 'install of an invalid name is refused as such', request: { action: 'install', modules: ['Bad-Name'] }, error: 'HUB_MODULE_NAME_INVALID' },

  // --- upgrade -----------------------------------------------------------------------------------
  {
    title: 'upgrade adds the new column and runs the version steps it crosses',
    request: { action: 'upgrade', modules: ['crm'] },
    installed: all,
    code: { crm: { version: '1.1.0', schema: crm['1.1.0'], extra: { migrations: { '1.1.0': { post: async () => {} }, '3.0.0': { pre: async () => {} } } } } },
    steps: ['upgrade crm requested'],
    check: (p) => {
      const s = p.steps[0]!;
      expect(s.planned).toMatchObject({ fromVersion: '1.0.0', toVersion: '1.1.0', dataLoss: [], backupTables: [], hooks: ['migrations[1.1.0].post'] });
      expect(s.planned.statements.map((x) => x.sql).join('\n')).toMatch(/ADD COLUMN "email" text/);
      expect(s.migrationSteps).toEqual([{ version: '1.1.0', phase: 'post', name: 'migrations[1.1.0].post' }]);
      expect(s.down!.map((x) => x.sql).join('\n')).toMatch(/DROP COLUMN "email"/);
    },
  },
  {
    title: 'upgrade that drops a column flags the data loss and backs the tables up first',
    request: { action: 'upgrade', modules: ['crm'] },
    installed: all,
    code: { crm: { version: '2.0.0', schema: crm['2.0.0'] } },
    steps: ['upgrade crm requested'],
    check: (p) => {
      const s = p.steps[0]!.planned;
      expect(s.dataLoss.join('\n')).toMatch(/name/);
      expect(s.statements.find((x) => x.dataLoss)?.sql).toMatch(/DROP COLUMN "name"/);
      expect(s.backupTables).toEqual(['crm.people']);
    },
  },
  {
    title: 'upgrade --all upgrades only what changed, dependencies first',
    request: { action: 'upgrade', modules: [], options: { all: true } },
    installed: all,
    code: { crm: { version: '1.1.0', schema: crm['1.1.0'] }, sales: { version: '1.0.1' } },
    steps: ['upgrade crm requested', 'upgrade sales requested'],
  },
  { title: 'upgrade at the same version and schema plans nothing', request: { action: 'upgrade', modules: ['crm'] }, installed: all, steps: [], warning: /"crm" is up to date \(1\.0\.0\)/ },
  { title: 'upgrade to an older version is refused', request: { action: 'upgrade', modules: ['crm'] }, installed: all, code: { crm: { version: '0.9.0' } }, error: 'HUB_MODULE_DOWNGRADE' },
  { title: 'upgrade of a module not installed is refused', request: { action: 'upgrade', modules: ['sales'] }, installed: { base: {}, crm: {} }, error: 'HUB_NOT_INSTALLED' },

  // --- uninstall ---------------------------------------------------------------------------------
  {
    title: 'uninstall keeps the tables by default: no SQL, a warning says so',
    request: { action: 'uninstall', modules: ['sales'] },
    installed: all,
    steps: ['uninstall sales requested'],
    check: (p) => expect(p.steps[0]!.planned).toMatchObject({ fromVersion: '1.0.0', statements: [], dataLoss: [], backupTables: [] }),
    warning: /Tables and data are kept/,
  },
  {
    title: 'uninstall with dropTables drops the schema after a backup, the drops flagged as data loss',
    request: { action: 'uninstall', modules: ['sales'], options: { dropTables: true } },
    installed: all,
    steps: ['uninstall sales requested'],
    check: (p) => {
      const s = p.steps[0]!.planned;
      expect(s.statements.map((x) => x.sql).join('\n')).toMatch(/DROP TABLE "sales"\."orders"[\s\S]*DROP SCHEMA "sales"/);
      expect(s.dataLoss.length).toBeGreaterThan(0);
      expect(s.backupTables).toEqual(['sales.orders']);
    },
  },
  {
    title: 'uninstall with cascade takes the installed dependents first',
    request: { action: 'uninstall', modules: ['crm'], options: { cascade: true } },
    installed: { ...all, crm_sales: {} },
    steps: ['uninstall crm_sales dependent', 'uninstall sales dependent', 'uninstall crm requested'],
  },
  {
    title: 'uninstall takes an autoInstall bridge along without cascade',
    request: { action: 'uninstall', modules: ['sales'] },
    installed: { ...all, crm_sales: {} },
    steps: ['uninstall crm_sales dependent', 'uninstall sales requested'],
    warning: /autoInstall module\(s\) crm_sales go with "sales"/,
  },
  { title: 'uninstall of a module others depend on is refused', request: { action: 'uninstall', modules: ['crm'] }, installed: all, error: 'HUB_HAS_DEPENDENTS' },
  { title: 'uninstall of base is refused', request: { action: 'uninstall', modules: ['base'] }, installed: all, error: 'HUB_BASE_REQUIRED' },
  { title: 'uninstall of a module not installed is refused', request: { action: 'uninstall', modules: ['sales'] }, installed: { base: {}, crm: {} }, error: 'HUB_NOT_INSTALLED' },

  // --- enable / disable --------------------------------------------------------------------------
  {
    title: 'disable is state only and warns about the enabled modules that call it',
    request: { action: 'disable', modules: ['crm'] },
    installed: all,
    steps: ['disable crm requested'],
    check: (p) => expect(p.steps[0]!.planned).toMatchObject({ fromVersion: '1.0.0', toVersion: '1.0.0', statements: [], dataLoss: [], hooks: [], backupTables: [] }),
    warning: /"crm" is used by enabled module\(s\) sales/,
  },
  {
    title: 'enable warns about the disabled modules it needs',
    request: { action: 'enable', modules: ['sales'] },
    installed: { base: {}, crm: { enabled: false }, sales: { enabled: false } },
    steps: ['enable sales requested'],
    warning: /"sales" depends on disabled module\(s\) crm/,
  },
  { title: 'enable of an enabled module plans nothing', request: { action: 'enable', modules: ['crm'] }, installed: all, steps: [], warning: /"crm" is already enabled/ },
  { title: 'disable of base is refused', request: { action: 'disable', modules: ['base'] }, installed: all, error: 'HUB_BASE_REQUIRED' },
  { title: 'enable of a module not installed is refused', request: { action: 'enable', modules: ['sales'] }, installed: { base: {}, crm: {} }, error: 'HUB_NOT_INSTALLED' },

  // --- sync --------------------------------------------------------------------------------------
  {
    title: 'sync brings the tables to the code at the same version',
    request: { action: 'sync', modules: ['crm'] },
    installed: all,
    code: { crm: { schema: crm['1.1.0'] } },
    steps: ['sync crm requested'],
    check: (p) => {
      expect(p.steps[0]!.planned).toMatchObject({ fromVersion: '1.0.0', toVersion: '1.0.0', dataLoss: [], dataFiles: [] });
      expect(p.steps[0]!.planned.statements.map((x) => x.sql).join('\n')).toMatch(/ADD COLUMN "email"/);
    },
  },
  {
    title: 'sync with reapplyData plans the data files even when the schema matches',
    request: { action: 'sync', modules: ['crm'], options: { reapplyData: true } },
    installed: all,
    steps: ['sync crm requested'],
    check: (p) => expect(p.steps[0]!.planned).toMatchObject({ statements: [], dataFiles: ['data/people.json'] }),
  },
  { title: 'sync of a matching schema plans nothing', request: { action: 'sync', modules: ['crm'] }, installed: all, steps: [], warning: /"crm": the database schema already matches the code/ },
  {
    title: 'sync making a column NOT NULL is refused while rows hold NULL there',
    request: { action: 'sync', modules: ['crm'] },
    installed: all,
    code: { crm: { schema: crm.strict } },
    seed: async (db) => {
      await db.exec('CREATE SCHEMA crm; CREATE TABLE crm.people (id serial PRIMARY KEY, name text NOT NULL, note text)');
      await db.exec("INSERT INTO crm.people (name, note) VALUES ('Ada', NULL)");
    },
    error: 'HUB_SCHEMA_NULLS',
  },

  // --- rollback ----------------------------------------------------------------------------------
  {
    title: 'rollback runs the last migration backwards, its recorded data loss flagged and backed up',
    request: { action: 'rollback', modules: ['crm'] },
    installed: { base: {}, crm: { version: '1.1.0', schema: crm['1.1.0'] } },
    seed: async (db) => {
      await insertMigration(db, {
        module: 'crm', action: 'upgrade', fromVersion: '1.0.0', toVersion: '1.1.0', up: ['ALTER TABLE "crm"."people" ADD COLUMN "email" text'],
        down: ['ALTER TABLE "crm"."people" DROP COLUMN "email"'], downDataLoss: ['drops column crm.people.email'],
        snapshotBefore: await snapshotOf('crm', crm['1.0.0']), snapshotAfter: await snapshotOf('crm', crm['1.1.0']), checksum: 'c', operationId: 'op', actor: null,
      });
    },
    steps: ['rollback crm requested'],
    check: (p) => {
      const s = p.steps[0]!;
      expect(s.planned).toMatchObject({
        fromVersion: '1.1.0', toVersion: '1.0.0', dataLoss: ['drops column crm.people.email'], backupTables: ['crm.people'],
        statements: [{ sql: 'ALTER TABLE "crm"."people" DROP COLUMN "email"', dataLoss: 'drops column crm.people.email' }],
      });
      expect(Object.keys((s.after as Snapshot).tables['crm.people']!.columns)).not.toContain('email');
    },
    warning: /"crm": rolls back migration #\d+ \(1\.0\.0 -> 1\.1\.0/,
  },
  { title: 'rollback with no migration is refused', request: { action: 'rollback', modules: ['crm'] }, installed: all, error: 'HUB_NOTHING_TO_ROLLBACK' },
  {
    title: 'rollback of an install is refused while modules depend on it',
    request: { action: 'rollback', modules: ['crm'] },
    installed: all,
    seed: async (db) => {
      await insertMigration(db, {
        module: 'crm', action: 'install', fromVersion: null, toVersion: '1.0.0', up: [], down: [], downDataLoss: [],
        snapshotBefore: null, snapshotAfter: await snapshotOf('crm', crm['1.0.0']), checksum: 'c', operationId: 'op', actor: null,
      });
    },
    error: 'HUB_HAS_DEPENDENTS',
  },

  // --- backup / restore --------------------------------------------------------------------------
  {
    title: 'backup takes every table of the module and changes nothing else',
    request: { action: 'backup', modules: ['crm'] },
    installed: all,
    steps: ['backup crm requested'],
    check: (p) => expect(p.steps[0]!.planned).toMatchObject({ statements: [], dataLoss: [], backupTables: ['crm.people'] }),
  },
  { title: 'backup of a module with no tables warns', request: { action: 'backup', modules: ['crm_sales'] }, installed: { ...all, crm_sales: {} }, steps: ['backup crm_sales requested'], warning: /"crm_sales" has no tables/ },
  { title: 'backup of a module never installed is refused', request: { action: 'backup', modules: ['sales'] }, installed: { base: {}, crm: {} }, error: 'HUB_NOT_INSTALLED' },
  {
    title: 'restore takes the newest backup of the module',
    request: { action: 'restore', modules: ['crm'] },
    installed: all,
    seed: async (db) => {
      for (const [id, at] of [['b-old', '2026-01-01T00:00:00Z'], ['b-new', '2026-01-02T00:00:00Z']]) {
        await insertBackup(db, { id: id!, module: 'crm', createdAt: at!, reason: 'test', path: `/nowhere/${id}`, tables: [{ table: 'crm.people', rows: 1, file: 'people.tsv' }] } as never);
      }
    },
    steps: ['restore crm requested'],
    check: (p) => {
      expect(p.steps[0]!.backup?.id).toBe('b-new');
      expect(p.steps[0]!.planned).toMatchObject({ statements: [], dataLoss: [] });
    },
    warning: /"crm": restore replaces the rows of crm\.people with backup b-new/,
  },
  { title: 'restore without a backup is refused', request: { action: 'restore', modules: ['crm'] }, installed: all, error: 'HUB_BACKUP_NOT_FOUND' },
];

describe.each(testDatabases())('the planner on $kind', (target) => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const made = await target.create();
    drop = made.drop;
    db = await openTestDatabase(made);
    await migrateState(db);
  });

  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it.each(cases)('$title', async (c) => {
    // Each case sees only its own seed: the seed and the plan run in a transaction rolled back after.
    const outcome = await db.transaction(async (tx) => {
      await c.seed?.(tx as Database);
      const result = await plan(tx as Database, c.request, c.installed ?? {}, c.code).then((p) => ({ p }), (error: unknown) => ({ error }));
      throw Object.assign(new Error('rollback'), { outcome: result });
    }).catch((e: { outcome?: { p?: PreparedPlan; error?: unknown } }) => {
      if (!e.outcome) throw e;
      return e.outcome;
    });
    if (c.error) {
      expect(outcome.error, 'an error').toMatchObject({ code: c.error });
      return;
    }
    if (outcome.error) throw outcome.error;
    const p = outcome.p!;
    expect(stepsOf(p)).toEqual(c.steps);
    // Data loss is flagged per statement and summed per step, so apply can refuse it.
    for (const s of p.steps) expect(s.planned.dataLoss).toEqual(s.planned.statements.flatMap((x) => (x.dataLoss ? [x.dataLoss] : [])));
    c.check?.(p);
    if (c.warning) expect(p.plan.warnings.join('\n')).toMatch(c.warning);
    expect(p.plan.modules).toEqual(p.steps.map((s) => s.planned));
    expect(p.plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('plans the same content to the same hash, and a changed request to another', async () => {
    const request: OperationRequest = { action: 'install', modules: ['sales'] };
    const [a, b, c] = [await plan(db, request, {}), await plan(db, request, {}), await plan(db, { ...request, options: { backup: false } }, {})];
    expect(a.plan.hash).toBe(b.plan.hash);
    expect(c.plan.hash).not.toBe(a.plan.hash);
  });
});
