export { openDatabase } from './openDatabase.js';
export type { Database, SqlExecutor, DatabaseKind, OpenDatabaseOptions, StatementGate, RoleScope, RoleExecutor } from './types.js';
