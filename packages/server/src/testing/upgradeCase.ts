// Upgrade tests for module authors, the way Odoo's UpgradeCase works: install the previous
// release, let the author write data on it (prepare), upgrade to the current code, let the author
// look at the data again (check), and compare the upgraded schema with a fresh install.
import { deepStrictEqual } from 'node:assert/strict';
import type { Hub, OperationResult, Plan } from '@hub/core';
import { testHost, type TestTarget } from './testHost.js';

export interface UpgradeContext {
  hub: Hub;
  /** Runs SQL through the hub's database layer (rows as objects). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The services of an installed module of this hub. */
  services<T = unknown>(module: string): Promise<T>;
  /** The installed version when this runs (the previous one in prepare, the current one in check). */
  version: string;
}

export interface UpgradeCaseOptions<Prepared> {
  /** The module's name ("hub.module"). */
  module: string;
  /** Folder of the previous release (a fixture: package.json + built entry + data files). */
  previous: string;
  /** Folder of the current code; default `<modulesDir>/<module>`. */
  current?: string;
  /** Other modules to link, as for testHost().link(): names in modulesDir or { name: folder }. */
  modules?: string[] | Record<string, string>;
  /** Test databases: called twice (the upgraded database and a fresh install to compare with). */
  create: () => Promise<TestTarget>;
  /** Folder the module names are looked up in (a module test passes its repository's modules/ folder). */
  modulesDir: string;
  /** Runs on the previous version after its install: write the data the upgrade must carry. */
  prepare?: (ctx: UpgradeContext) => Prepared | Promise<Prepared>;
  /** Runs after the upgrade with what prepare returned: assert that the data came through. */
  check?: (ctx: UpgradeContext, prepared: Prepared) => void | Promise<void>;
  /** Environment of both hubs (module config). */
  env?: Record<string, string | undefined>;
  /** Added to `env` for the hub that installs the previous version only, e.g. HUB_MODULE_ROLES=off
   *  for a release that was installed by hosts without module roles. */
  previousEnv?: Record<string, string | undefined>;
}

export interface UpgradeCaseResult {
  from: string;
  to: string;
  /** The upgrade plan as it was applied. */
  plan: Plan;
  result: OperationResult;
}

/** The schemas of the given modules as PostgreSQL sees them: columns, constraints, indexes, enums. */
export async function introspectSchemas(hub: Hub, schemas: string[]): Promise<Record<string, unknown>> {
  const q = (sql: string) => hub.db.query(sql, [schemas]);
  return {
    tables: await q(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1) ORDER BY 1, 2`),
    columns: await q(`SELECT table_schema, table_name, column_name, data_type, udt_name, is_nullable, column_default
                      FROM information_schema.columns WHERE table_schema = ANY($1) ORDER BY 1, 2, 3`),
    constraints: await q(`SELECT n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
                          JOIN pg_namespace n ON n.oid = c.connamespace LEFT JOIN pg_class t ON t.oid = c.conrelid
                          WHERE n.nspname = ANY($1) ORDER BY 1, 2, 3`),
    indexes: await q(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ANY($1) ORDER BY 1, 2, 3`),
    enums: await q(`SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels FROM pg_type t
                    JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
                    WHERE n.nspname = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`),
  };
}

function contextOf(hub: Hub, version: string): UpgradeContext {
  return {
    hub, version,
    query: <T>(sql: string, params: unknown[] = []) => hub.db.query<T>(sql, params),
    services: <T>(name: string) => hub.services<T>(name),
  };
}

const failed = (what: string, error: unknown) =>
  Object.assign(new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`), { cause: error });

/**
 * Installs `previous`, runs prepare, upgrades to the current code, runs check, and asserts that
 * the upgraded schema equals a fresh install of the current code. Throws (with what failed and
 * why) on the first problem; removes its databases and folders either way.
 */
export async function upgradeCase<Prepared = void>(options: UpgradeCaseOptions<Prepared>): Promise<UpgradeCaseResult> {
  const { module } = options;
  const current = options.current ?? `${options.modulesDir}/${module}`;
  const others = options.modules ?? [];
  const link = (host: ReturnType<typeof testHost>, code: string) => {
    host.link(others);
    host.link({ [module]: code });
  };
  const upgraded = testHost(await options.create(), options.modulesDir);
  try {
    link(upgraded, options.previous);
    const old = await upgraded.open(options.previousEnv ? { ...options.env, ...options.previousEnv } : options.env);
    await old.apply({ action: 'install', modules: [module] }).catch((e) => { throw failed(`installing the previous version of "${module}"`, e); });
    const from = (await old.get(module)).installedVersion!;
    const prepared = options.prepare
      ? await Promise.resolve(options.prepare(contextOf(old, from))).catch((e) => { throw failed(`prepare(ctx) on ${module} ${from}`, e); })
      : (undefined as Prepared);
    await upgraded.close();

    link(upgraded, current);
    const hub = await upgraded.open(options.env);
    const to = (await hub.get(module)).version;
    const plan = await hub.plan({ action: 'upgrade', modules: [module] }).catch((e) => { throw failed(`planning the upgrade of "${module}" ${from} -> ${to}`, e); });
    const result = await hub.apply({ action: 'upgrade', modules: [module] }, { planHash: plan.hash })
      .catch((e) => { throw failed(`upgrading "${module}" ${from} -> ${to}`, e); });
    if (options.check) {
      await Promise.resolve(options.check(contextOf(hub, to), prepared)).catch((e) => { throw failed(`check(ctx) after upgrading "${module}" ${from} -> ${to}`, e); });
    }

    // The same code installed on an empty database must give the same schema.
    const schemas = [...new Set((await hub.get(module)).owns?.filter((o) => o.kind === 'schema' || o.kind === 'table').map((o) => o.schema) ?? [module])];
    const fresh = testHost(await options.create(), options.modulesDir);
    try {
      link(fresh, current);
      const clean = await fresh.open(options.env);
      await clean.apply({ action: 'install', modules: [module] });
      deepStrictEqual(await introspectSchemas(hub, schemas), await introspectSchemas(clean, schemas),
        `The schema of "${module}" after the upgrade ${from} -> ${to} differs from a fresh install of ${to}`);
    } finally {
      await fresh.cleanup();
    }
    return { from, to, plan, result };
  } finally {
    await upgraded.cleanup();
  }
}
