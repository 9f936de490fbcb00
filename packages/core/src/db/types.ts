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
  /**
   * The same connection or transaction with every statement (raw or Drizzle's) run through
   * `enter`, which gets the statement's text and a function that runs it (used to run a
   * module's statements under its role). COPY is not available on it.
   */
  scoped(enter: StatementGate): SqlExecutor;
}

/** Runs one statement: may check its text, prepare the connection, and map its error. */
export type StatementGate = <T>(text: string, run: () => Promise<T>) => Promise<T>;

/** A module's database access at run time: its statements run as `role`. */
export interface RoleScope {
  role: string;
  /** Called with each statement's text before it runs; throws to refuse it. */
  check(text: string): void;
  /** The error a failed statement throws. */
  mapError(error: unknown, text: string): unknown;
}

/** An executor bound to a role, with its own connections where the driver has a pool. */
export interface RoleExecutor extends SqlExecutor {
  close(): Promise<void>;
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
  /**
   * An executor whose statements all run as a role: on PostgreSQL a small pool of its own whose
   * connections start as that role; on PGlite each statement in a transaction with SET LOCAL ROLE.
   */
  forRole(scope: RoleScope): RoleExecutor;
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
  /**
   * Embedded PGlite only: extensions to load when it opens (e.g. ["vector", "pg_trgm"]); those the
   * database has created already are loaded as well. A PostgreSQL server has its own.
   */
  extensions?: string[];
}
