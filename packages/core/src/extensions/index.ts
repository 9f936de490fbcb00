// Extending another module (Odoo-style inheritance): columns added to another module's table,
// planned on the owner's table, validated against the dependencies, backed up before they go.
export { ExtensionErrorCodes, extensionColumnConflict, extensionNotADependency, extensionTableMissing } from './extensionErrors.js';
export { extendedSchemasOf, extensionTablesOf, onlyExtensions, primaryKeyOf, withoutExtensions } from './extensionTables.js';
export { prepareExtensionDiff, type ExtensionDiffContext } from './prepareExtensionDiff.js';
export { backupColumns, type ColumnBackup } from './backupColumns.js';
export { isColumnBackup, restoreColumns } from './restoreColumns.js';
export { extensionProblems, type ExtensionProblem } from './extensionProblems.js';
