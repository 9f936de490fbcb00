export { openDatabase } from './openDatabase.js';
export type { Database, SqlExecutor, DatabaseKind, OpenDatabaseOptions } from './types.js';
