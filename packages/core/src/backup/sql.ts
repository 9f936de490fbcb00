/** A table of the database, by schema and name. */
export interface TableRef {
  schema: string;
  name: string;
}

/** "ident" with embedded quotes doubled. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** "schema"."table" */
export const qualified = (t: TableRef): string => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;

/** schema.table, as used in manifests and messages. */
export const tableKey = (t: TableRef): string => `${t.schema}.${t.name}`;

/**
 * COPY of a table as JSON lines. CSV format with a quote and a delimiter that JSON text never
 * contains raw (JSON escapes control characters), so every line is row_to_json's output as is;
 * the text format would double every backslash.
 */
export const copyJsonLines = (t: TableRef): string =>
  `COPY (SELECT row_to_json(t) FROM ${qualified(t)} t) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;

/**
 * COPY of a table's columns in PostgreSQL's text format: what pg_dump writes, as fast as the
 * server can produce rows, and read back by COPY FROM exactly (every type's own text form).
 */
export const copyTableOut = (t: TableRef, columns: readonly string[]): string =>
  `COPY ${qualified(t)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`;

/** A TableRef from "schema.table" (split at the first dot) or a ref. */
export function toTableRef(t: string | TableRef): TableRef {
  if (typeof t !== 'string') return t;
  const dot = t.indexOf('.');
  return dot === -1 ? { schema: 'public', name: t } : { schema: t.slice(0, dot), name: t.slice(dot + 1) };
}
