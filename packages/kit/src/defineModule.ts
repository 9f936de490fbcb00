import { is } from 'drizzle-orm';
import { PgTable, getTableConfig, isPgEnum, isPgSequence } from 'drizzle-orm/pg-core';
import { ModuleDefinitionError } from './errors.js';
import { moduleNameProblem } from './names.js';
import { MODULE_BRAND, type ConfigSchema, type HubModule, type ModuleDefinition, type ModuleSchema } from './types.js';

const API_PREFIX_PATTERN = /^\/[a-z0-9_\-/]*[a-z0-9_]$/;
const VERSION_KEY = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Declares a module. Checks shape and names and returns the definition, branded and frozen.
 * Does no I/O: discovery, installation and mounting happen later in the host.
 */
export function defineModule<
  TSchema extends ModuleSchema = Record<string, never>,
  TConfig extends ConfigSchema | undefined = undefined,
  TServices extends object = Record<string, never>,
>(definition: ModuleDefinition<TSchema, TConfig, TServices>): HubModule<TSchema, TConfig, TServices> {
  if (typeof definition !== 'object' || definition === null) {
    throw new ModuleDefinitionError('?', 'definition', 'defineModule() needs an object', 'Pass { name, ... }.');
  }
  const name = definition.name;
  const problem = moduleNameProblem(name);
  if (problem) {
    throw new ModuleDefinitionError(String(name ?? '?'), 'name', problem,
      'Use a lowercase snake_case name that equals package.json "hub.module", e.g. "contacts".');
  }
  checkSchema(name, definition.schema);
  checkFunctions(name, definition);
  checkMenus(name, definition.menus);
  checkPermissions(name, definition.permissions);
  checkStrings(name, definition);
  checkAccess(name, definition.access);
  if (definition.apiPrefix !== undefined && !API_PREFIX_PATTERN.test(definition.apiPrefix)) {
    throw new ModuleDefinitionError(name, 'apiPrefix', `"${definition.apiPrefix}" is not a path like /api/v1/${name}`,
      'Start with "/", use lowercase letters, digits, "_", "-" and "/", no trailing slash.');
  }
  for (const key of Object.keys(definition.migrations ?? {})) {
    if (!VERSION_KEY.test(key)) {
      throw new ModuleDefinitionError(name, `migrations["${key}"]`, 'the key is not a semver version', 'Key steps by the version that introduces them, e.g. "1.2.0".');
    }
  }
  return Object.freeze({ ...definition, $$type: MODULE_BRAND }) as HubModule<TSchema, TConfig, TServices>;
}

/** True for a value made by defineModule (checked by brand, so copies of @hub/kit agree). */
export function isHubModule(value: unknown): value is HubModule {
  return typeof value === 'object' && value !== null && (value as { $$type?: unknown }).$$type === MODULE_BRAND;
}

function checkSchema(name: string, schema: ModuleSchema | undefined): void {
  if (schema === undefined) return;
  if (typeof schema !== 'object' || schema === null) {
    throw new ModuleDefinitionError(name, 'schema', 'must be an object of Drizzle tables', "Use `import * as schema from './schema'`.");
  }
  for (const [key, value] of Object.entries(schema)) {
    if (is(value, PgTable)) {
      const config = getTableConfig(value);
      // Tables in another module's schema extend that module's table (checked against the
      // dependencies by the host); tables outside any schema would land in "public".
      if (!config.schema) {
        throw new ModuleDefinitionError(name, `schema.${key}`, `table "${config.name}" is not inside pgSchema("${name}")`,
          `Declare it with \`export const ${name}Schema = pgSchema('${name}')\` and \`${name}Schema.table('${config.name}', ...)\`.`);
      }
    } else if (isPgEnum(value)) {
      if (value.schema !== name) {
        throw new ModuleDefinitionError(name, `schema.${key}`, `enum "${value.enumName}" is not inside pgSchema("${name}")`,
          `Declare it with \`${name}Schema.enum('${value.enumName}', [...])\`.`);
      }
    } else if (isPgSequence(value)) {
      if (value.schema !== name) {
        throw new ModuleDefinitionError(name, `schema.${key}`, `sequence "${value.seqName}" is not inside pgSchema("${name}")`,
          `Declare it with \`${name}Schema.sequence('${value.seqName}')\`.`);
      }
    }
  }
}

function checkFunctions(name: string, def: ModuleDefinition<any, any, any>): void {
  const fns: [string, unknown][] = [
    ['routes', def.routes], ['services', def.services],
    ['hooks.preInit', def.hooks?.preInit], ['hooks.postInit', def.hooks?.postInit], ['hooks.uninstall', def.hooks?.uninstall],
  ];
  for (const [dep, fn] of Object.entries(def.overrides ?? {})) fns.push([`overrides.${dep}`, fn]);
  for (const [version, step] of Object.entries(def.migrations ?? {})) {
    fns.push([`migrations["${version}"].pre`, step?.pre], [`migrations["${version}"].post`, step?.post]);
  }
  for (const [dep, wrappers] of Object.entries(def.wraps ?? {})) {
    for (const [fnName, fn] of Object.entries(wrappers ?? {})) fns.push([`wraps.${dep}.${fnName}`, fn]);
  }
  for (const [field, fn] of fns) {
    if (fn !== undefined && typeof fn !== 'function') {
      throw new ModuleDefinitionError(name, field, `must be a function, got ${typeof fn}`);
    }
  }
  for (const dep of [...Object.keys(def.overrides ?? {}), ...Object.keys(def.wraps ?? {})]) {
    if (dep === name) throw new ModuleDefinitionError(name, `overrides.${dep}`, 'a module cannot override itself', 'Change your own routes or services directly.');
  }
}

function checkMenus(name: string, menus: ModuleDefinition['menus']): void {
  if (menus === undefined) return;
  if (!Array.isArray(menus)) throw new ModuleDefinitionError(name, 'menus', 'must be an array');
  menus.forEach((menu, i) => {
    const field = `menus[${i}]`;
    if (typeof menu?.name !== 'string' || menu.name.trim() === '') throw new ModuleDefinitionError(name, `${field}.name`, 'is missing', 'Give the label shown in the admin menu.');
    if (typeof menu.path !== 'string' || !menu.path.startsWith('/')) {
      throw new ModuleDefinitionError(name, `${field}.path`, `"${String(menu.path)}" must be an admin path starting with "/"`, `e.g. "/${name}"`);
    }
    if (menu.sequence !== undefined && !Number.isInteger(menu.sequence)) throw new ModuleDefinitionError(name, `${field}.sequence`, 'must be an integer');
  });
}

function checkPermissions(name: string, permissions: string[] | undefined): void {
  if (permissions === undefined) return;
  if (!Array.isArray(permissions)) throw new ModuleDefinitionError(name, 'permissions', 'must be an array of strings');
  const seen = new Set<string>();
  const pattern = new RegExp(`^${name}\\.[a-z][a-z0-9_.]*$`);
  for (const p of permissions) {
    if (typeof p !== 'string' || !pattern.test(p)) {
      throw new ModuleDefinitionError(name, 'permissions', `"${String(p)}" is not of the form "${name}.<action>"`, `e.g. "${name}.read", "${name}.write"`);
    }
    if (seen.has(p)) throw new ModuleDefinitionError(name, 'permissions', `"${p}" is listed twice`);
    seen.add(p);
  }
}

function checkStrings(name: string, def: ModuleDefinition<any, any, any>): void {
  for (const field of ['summary', 'description', 'category', 'admin'] as const) {
    const v = def[field];
    if (v !== undefined && typeof v !== 'string') throw new ModuleDefinitionError(name, field, 'must be a string');
  }
  for (const field of ['data', 'tags'] as const) {
    const v = def[field];
    if (v !== undefined && (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))) {
      throw new ModuleDefinitionError(name, field, 'must be an array of strings');
    }
  }
  for (const [from, to] of Object.entries(def.renames ?? {})) {
    if (typeof to !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(to) || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(from)) {
      throw new ModuleDefinitionError(name, `renames["${from}"]`, 'must map "table.oldColumn" to "newColumn" or "oldTable" to "newTable"');
    }
  }
}

const PRIVILEGES = new Set(['select', 'insert', 'update', 'delete']);
const IDENT = '[a-z_][a-z0-9_]*';

function checkAccess(name: string, access: ModuleDefinition['access']): void {
  if (access === undefined) return;
  if (typeof access !== 'object' || access === null || Array.isArray(access)) throw new ModuleDefinitionError(name, 'access', 'must be an object { grants?, secrets? }');
  for (const key of Object.keys(access)) {
    if (key !== 'grants' && key !== 'secrets') throw new ModuleDefinitionError(name, `access.${key}`, 'is not a known field', 'Use access.grants or access.secrets.');
  }
  const target = new RegExp(`^(${IDENT})\\.(${IDENT}|\\*)$`);
  for (const [table, privileges] of Object.entries(access.grants ?? {})) {
    const field = `access.grants["${table}"]`;
    const m = target.exec(table);
    if (!m) throw new ModuleDefinitionError(name, field, 'must name a table as "schema.table" or "schema.*"', "e.g. access: { grants: { 'contacts.people': ['update'] } }");
    if (m[1] === name) throw new ModuleDefinitionError(name, field, 'names the module\'s own schema, which it can already read and write');
    if (['hub', 'public', 'information_schema'].includes(m[1]!) || m[1]!.startsWith('pg_')) {
      throw new ModuleDefinitionError(name, field, `schema "${m[1]}" is never granted to modules`, 'Only the tables of modules this one depends on can be granted.');
    }
    if (!Array.isArray(privileges) || privileges.length === 0 || privileges.some((p) => !PRIVILEGES.has(p))) {
      throw new ModuleDefinitionError(name, field, 'must be a non-empty array of "select", "insert", "update", "delete"');
    }
  }
  if (access.secrets !== undefined) {
    if (!Array.isArray(access.secrets)) throw new ModuleDefinitionError(name, 'access.secrets', 'must be an array of "table.column"');
    const column = new RegExp(`^${IDENT}\\.${IDENT}$`);
    for (const s of access.secrets) {
      if (typeof s !== 'string' || !column.test(s)) throw new ModuleDefinitionError(name, 'access.secrets', `"${String(s)}" is not "table.column" (SQL names of this module's table)`, "e.g. ['users.password_hash']");
    }
  }
}
