import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type DatabaseKind = 'pglite' | 'postgres';

/** A connection or a transaction: raw SQL, a typed Drizzle view of it, and streaming COPY out. */
export interface SqlExecutor {
  readonly kind: DatabaseKind;
  /** One statement with $1.. parameters; returns the rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** One or more statements separated by ";", no parameters. */
  exec(text: string): Promise<void>;
  /** A Drizzle database over this connection or transaction. */
  drizzle<TSchema extends Record<string, unknown> = Record<string, never>>(schema?: TSchema): PgDatabase<PgQueryResultHKT, TSchema>;
  /** Runs `COPY (<select>) TO STDOUT` and yields the output lines (text format, without the newline). */
  copyLines(copyStatement: string): AsyncIterable<string>;
  /**
   * Runs `COPY ... TO STDOUT` and writes its output to a file as is, in large writes with
   * backpressure (flat memory). Returns the number of lines (rows, in COPY text format).
   */
  copyToFile(copyStatement: string, file: string): Promise<number>;
  /** Runs `COPY ... FROM STDIN` with the given bytes as its input. */
  copyIn(copyStatement: string, data: AsyncIterable<Uint8Array>): Promise<void>;
}

export interface Database extends SqlExecutor {
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs fn on one connection of its own, outside any transaction: for statements that refuse a
   * transaction block (CREATE INDEX CONCURRENTLY) and session advisory locks, which the database
   * releases by itself when the connection dies.
   */
  session<T>(fn: (conn: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel; returns a function that stops listening. `onListen` is called once the
   * LISTEN is in place and again after every reconnect of the listening connection (notifications
   * sent while it was down are lost: that is the moment to re-read the state).
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL: use a PostgreSQL server through postgres.js. */
  url?: string;
  /** Folder for embedded PGlite data (used when no url). Omit for an in-memory database. */
  dataDir?: string;
  /** postgres.js pool size. Default 10. */
  max?: number;
  /** PostgreSQL application_name of every connection (pg_stat_activity). Default "hub". */
  applicationName?: string;
}
