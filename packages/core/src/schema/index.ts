// Schema diff engine: drizzle-kit snapshots of module schemas, scoped diffs with data-loss flags,
// uninstall drops in foreign-key order, and live-schema introspection for comparisons.
export { moduleSnapshot } from './moduleSnapshot.js';
export { emptySnapshot } from './emptySnapshot.js';
export { diffSnapshots } from './diffSnapshots.js';
export { dropStatements } from './dropStatements.js';
export { tablesInOrder } from './tablesInOrder.js';
export { introspectSchema } from './introspectSchema.js';
export { isWideningType } from './isWideningType.js';
export { mergeSnapshots } from './mergeSnapshots.js';
export { SchemaErrorCodes, nullsBlockNotNull, renameHintUnknown } from './schemaErrors.js';
export { findNullsBlockingNotNull } from './findNullsBlockingNotNull.js';
export { unknownRenameHints } from './unknownRenameHints.js';
export type {
  Snapshot,
  SnapshotTable,
  SnapshotColumn,
  ColumnRef,
  DiffStatement,
  SchemaDiff,
  DiffSnapshotsArgs,
  IntrospectedSchema,
  IntrospectedTable,
  IntrospectedColumn,
  IntrospectedSequence,
  IntrospectedView,
} from './types.js';
