import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Router, Request } from 'express';
import type { z } from 'zod';

/** A module's Drizzle schema: what `import * as schema from './schema'` gives. */
export type ModuleSchema = Record<string, unknown>;

/** A Drizzle database typed by a module's schema. Inside lifecycle hooks it is transaction-bound. */
export type ModuleDb<TSchema extends ModuleSchema = ModuleSchema> = PgDatabase<PgQueryResultHKT, TSchema>;

export interface ModuleLogger {
  debug(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  error(msg: string, ...args: unknown[]): void;
}

/**
 * Services other modules expose, by module name. A module makes its services typed for the
 * modules that depend on it by augmenting this interface:
 *
 *   declare module '@hub/kit' { interface HubModuleServices { contacts: ContactsServices } }
 */
export interface HubModuleServices {}

export interface ModuleContext<TSchema extends ModuleSchema = ModuleSchema, TConfig = Record<string, unknown>> {
  /** The module's name. */
  readonly name: string;
  /** The module's version (its package.json version). */
  readonly version: string;
  /** Drizzle database typed by the module's schema. */
  readonly db: ModuleDb<TSchema>;
  /** The module's config, parsed by its `config` zod schema from MODULES__<NAME>__<KEY>. */
  readonly config: TConfig;
  readonly logger: ModuleLogger;
  /** The services of an installed module this one depends on. */
  module<K extends keyof HubModuleServices>(name: K): HubModuleServices[K];
  module<T = unknown>(name: string): T;
}

/** Context of lifecycle hooks and migration steps; `db` is bound to the operation's transaction. */
export interface HookContext<TSchema extends ModuleSchema = ModuleSchema, TConfig = Record<string, unknown>>
  extends ModuleContext<TSchema, TConfig> {
  /** Version installed before this operation, if any. */
  readonly fromVersion?: string;
  /** Version being installed. */
  readonly toVersion: string;
}

export type Hook<TSchema extends ModuleSchema, TConfig> = (ctx: HookContext<TSchema, TConfig>) => void | Promise<void>;

export interface ModuleMenu {
  /** Label shown in the admin menu. */
  name: string;
  /** Admin route path, e.g. "/contacts". */
  path: string;
  icon?: string;
  /** Lower sorts first. Default 100. */
  sequence?: number;
  /** Permission needed to see the item. */
  permission?: string;
}

export interface MigrationStep<TSchema extends ModuleSchema, TConfig> {
  /** Runs before the schema changes of the upgrade that crosses this version. */
  pre?: Hook<TSchema, TConfig>;
  /** Runs after the schema changes. */
  post?: Hook<TSchema, TConfig>;
}

/** A service wrapper: receives the original function and returns its replacement. */
export type ServiceWrapper<TSchema extends ModuleSchema, TConfig> = (
  original: (...args: any[]) => any,
  ctx: ModuleContext<TSchema, TConfig>,
) => (...args: any[]) => any;

export type ConfigSchema = z.ZodType<Record<string, unknown>>;

export interface ModuleDefinition<
  TSchema extends ModuleSchema = ModuleSchema,
  TConfig extends ConfigSchema | undefined = undefined,
  TServices extends object = Record<string, never>,
> {
  /** Must equal package.json "hub.module"; ^[a-z][a-z0-9_]*$. */
  name: string;
  summary?: string;
  description?: string;
  category?: string;
  /** A full application (shown with a badge) rather than a technical module. */
  application?: boolean;
  /** Installed automatically once all its dependencies are installed. */
  autoInstall?: boolean;
  /** `import * as schema from './schema'`: tables and enums inside pgSchema(name). */
  schema?: TSchema;
  routes?: (ctx: ModuleContext<TSchema, ConfigOf<TConfig>>) => Router;
  services?: (ctx: ModuleContext<TSchema, ConfigOf<TConfig>>) => TServices;
  /** Routers tried before another module's own routes, under its prefix; call next() to fall through. */
  overrides?: Record<string, (ctx: ModuleContext<TSchema, ConfigOf<TConfig>>) => Router>;
  /** Wrap functions of another module's services: { contacts: { createPerson: (original, ctx) => fn } }. */
  wraps?: Record<string, Record<string, ServiceWrapper<TSchema, ConfigOf<TConfig>>>>;
  /** Default /api/v1/<name>. */
  apiPrefix?: string;
  /** OpenAPI tags; default [name]. */
  tags?: string[];
  /** Module settings, read from MODULES__<NAME>__<KEY> and validated at load. */
  config?: TConfig;
  /** Seed data files, relative to the package root, loaded at install. */
  data?: string[];
  menus?: ModuleMenu[];
  /** Runtime-loaded admin entry, relative to the package root, e.g. './dist/admin/index.js'. */
  admin?: string;
  /** Permissions this module declares, each "<name>.<action>". */
  permissions?: string[];
  externalDependencies?: { bin?: string[]; npm?: string[] };
  /** Rename hints for the schema diff: { 'table.oldColumn': 'newColumn', 'oldTable': 'newTable' }. */
  renames?: Record<string, string>;
  /** Version-keyed data steps run by upgrades that cross the version. */
  migrations?: Record<string, MigrationStep<TSchema, ConfigOf<TConfig>>>;
  /**
   * Database access beyond the defaults. Each module runs as its own PostgreSQL role: its own
   * schema read/write, the schemas of the modules it depends on read-only, the extension columns
   * it owns writable. `grants` asks for more on a dependency's tables; `secrets` hides columns of
   * this module's own tables from every other module (even from dependents that read the schema).
   */
  access?: ModuleAccess;
  hooks?: {
    preInit?: Hook<TSchema, ConfigOf<TConfig>>;
    postInit?: Hook<TSchema, ConfigOf<TConfig>>;
    uninstall?: Hook<TSchema, ConfigOf<TConfig>>;
  };
}

/** A table privilege a module may ask for on a dependency's table. */
export type TablePrivilege = 'select' | 'insert' | 'update' | 'delete';

export interface ModuleAccess {
  /**
   * More privileges on tables of modules this one depends on: `{ 'contacts.people': ['insert', 'update'] }`,
   * or `'contacts.*'` for every table of that schema. Shown in the install plan; never `hub`,
   * `public`, another module's secrets, or a module this one does not depend on.
   */
  grants?: Record<string, TablePrivilege[]>;
  /** Columns of this module's tables no other module may read: `['users.password_hash']` (SQL names). */
  secrets?: string[];
}

export type ConfigOf<TConfig> = TConfig extends z.ZodType ? z.output<TConfig> : Record<string, never>;

export const MODULE_BRAND = '@hub/Module' as const;

/** What defineModule returns: the definition, branded and frozen. */
export type HubModule<
  TSchema extends ModuleSchema = ModuleSchema,
  TConfig extends ConfigSchema | undefined = ConfigSchema | undefined,
  TServices extends object = object,
> = Readonly<ModuleDefinition<TSchema, TConfig, TServices>> & {
  readonly $$type: typeof MODULE_BRAND;
  /** Phantom field for type inference of services; undefined at run time. */
  readonly $services?: TServices;
};

/** The user the host authenticated for a request, set on `req.hubUser`. */
export interface HubUser {
  id: number;
  email: string;
  name?: string | null;
  isSuperuser: boolean;
  permissions: string[];
}

export type HubRequest = Request & { hubUser?: HubUser; requestId?: string };
