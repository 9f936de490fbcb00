import { HubError } from '@hub/kit';

/** Stable codes of model inheritance (a module adding columns to another module's table). */
export const ExtensionErrorCodes = {
  NOT_A_DEPENDENCY: 'HUB_EXTENSION_NOT_A_DEPENDENCY',
  COLUMN_CONFLICT: 'HUB_EXTENSION_COLUMN_CONFLICT',
  TABLE_MISSING: 'HUB_EXTENSION_TABLE_MISSING',
} as const;

const packageOf = (module: string) => `@hub/module-${module.replace(/_/g, '-')}`;

/** `module` declares a table in schema `schema`, whose module it does not depend on. */
export const extensionNotADependency = (module: string, schema: string, table: string) =>
  new HubError(ExtensionErrorCodes.NOT_A_DEPENDENCY,
    `Module "${module}" declares table "${schema}.${table}" in the schema of module "${schema}", which it does not depend on`, {
      module, status: 422,
      hint: `A module may only extend tables of the modules it depends on: add ${packageOf(schema)} to the dependencies in ${module}'s package.json, or move the table into pgSchema('${module}').`,
    });

/** A column an extension declares is already the owner's or another extension's. */
export const extensionColumnConflict = (module: string, table: string, column: string, owner: string, ownerIsTableOwner: boolean) =>
  new HubError(ExtensionErrorCodes.COLUMN_CONFLICT,
    ownerIsTableOwner
      ? `Module "${module}" declares column "${table}"."${column}", which is a column of module "${owner}" (the table's owner)`
      : `Module "${module}" declares column "${table}"."${column}", which module "${owner}" already adds to that table`, {
      module, status: 409,
      hint: ownerIsTableOwner
        ? `An extension table declares only its extra columns: remove "${column}" from ${module}'s declaration of "${table}" (read the owner's columns through the owner's table object).`
        : `Each column belongs to one module: give ${module}'s column another name (e.g. "${module}_${column}").`,
    });

/** The owner of an extended table lacks it (or drops it while it is extended). */
export const extensionTableMissing = (module: string, table: string, owner: string, extendedBy?: string) =>
  new HubError(ExtensionErrorCodes.TABLE_MISSING,
    extendedBy
      ? `Module "${module}" would drop table "${table}", which module "${extendedBy}" extends`
      : `Module "${module}" extends table "${table}", but module "${owner}" has no such table`, {
      module, status: 409,
      hint: extendedBy
        ? `Uninstall "${extendedBy}" first, or keep the table.`
        : `Declare the extension with the same schema and table name as one of ${owner}'s tables.`,
    });
