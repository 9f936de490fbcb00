import type { PlannedStatement } from '../hub/types.js';

// drizzle-kit's own snapshot type resolves to `any` through its bundled zod types, so the parts
// this engine reads are spelled out here; every other field is kept as is.

export interface SnapshotColumn {
  name: string;
  type: string;
  /** Schema of an enum type. */
  typeSchema?: string;
  primaryKey: boolean;
  notNull: boolean;
  default?: unknown;
  identity?: unknown;
  generated?: unknown;
  [key: string]: unknown;
}

export interface SnapshotIndexColumn { expression: string; isExpression: boolean; [key: string]: unknown }

export interface SnapshotForeignKey {
  name: string;
  tableFrom: string;
  tableTo: string;
  schemaTo?: string;
  columnsFrom: string[];
  columnsTo: string[];
  [key: string]: unknown;
}

export interface SnapshotTable {
  name: string;
  schema: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<string, { name: string; columns: SnapshotIndexColumn[]; isUnique: boolean; [key: string]: unknown }>;
  foreignKeys: Record<string, SnapshotForeignKey>;
  compositePrimaryKeys: Record<string, { name: string; columns: string[] }>;
  uniqueConstraints: Record<string, { name: string; columns: string[]; [key: string]: unknown }>;
  policies?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A drizzle-kit PostgreSQL snapshot (what `generateDrizzleJson` returns), storable as JSON. */
export interface Snapshot {
  version: string;
  dialect: 'postgresql';
  tables: Record<string, SnapshotTable>;
  enums: Record<string, { name: string; schema: string; values: string[] }>;
  schemas: Record<string, string>;
  sequences: Record<string, { name: string; schema: string; [key: string]: unknown }>;
  views?: Record<string, { name: string; schema: string; materialized?: boolean; [key: string]: unknown }>;
  roles?: Record<string, unknown>;
  policies?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A planned statement that may also carry a non-blocking warning (e.g. NOT NULL on existing rows). */
export interface DiffStatement extends PlannedStatement {
  /** Why this statement may fail on existing rows, when it may (not a data loss). */
  warning?: string;
  /** A NOT NULL made on an existing column: the plan checks that no row holds NULL there. */
  requiresNoNulls?: ColumnRef;
}

export interface ColumnRef { schema: string; table: string; column: string }

export interface SchemaDiff {
  statements: DiffStatement[];
  /** One message per statement that loses data (same text as the statement's `dataLoss`). */
  dataLoss: string[];
  /** One message per statement that may fail on existing rows. */
  warnings: string[];
}

export interface DiffSnapshotsArgs {
  previous: Snapshot;
  current: Snapshot;
  /** Rename hints: 'table.oldCol' -> 'newCol' and 'oldTable' -> 'newTable' ('schema.table' and 'schema.table.oldCol' also accepted). */
  renames?: Record<string, string>;
  /** The module whose schema unqualified hints refer to. */
  moduleName: string;
}

export interface IntrospectedColumn {
  type: string;
  notNull: boolean;
  default: string | null;
  identity: string | null;
  generated: string | null;
}

export interface IntrospectedTable {
  columns: Record<string, IntrospectedColumn>;
  /** Primary key, unique, foreign key and check constraints by name: their definitions. */
  constraints: Record<string, string>;
  /** Index name -> definition (includes the indexes backing constraints). */
  indexes: Record<string, string>;
}

export interface IntrospectedSequence {
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** "table.column" when owned by a column (serial), else null. */
  ownedBy: string | null;
}

/** A normalized, order-independent description of one PostgreSQL schema: compare with toEqual. */
export interface IntrospectedSchema {
  schema: string;
  exists: boolean;
  tables: Record<string, IntrospectedTable>;
  /** Enum name -> values in order. */
  enums: Record<string, string[]>;
  sequences: Record<string, IntrospectedSequence>;
  views: Record<string, IntrospectedView>;
}

export interface IntrospectedView {
  materialized: boolean;
  /** pg_get_viewdef: PostgreSQL's own rendering of the query. */
  definition: string;
  /** "name type" in order. */
  columns: string[];
  /** Indexes of a materialized view. */
  indexes?: Record<string, string>;
}
