import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { splitLines } from './lines.js';
import { writeStream } from './writeStream.js';
import type { Database, RoleExecutor, SqlExecutor, StatementGate } from './types.js';

type Sql = postgres.Sql | postgres.TransactionSql;

function executor(sql: Sql, root: postgres.Sql): SqlExecutor {
  return {
    kind: 'postgres',
    async query(text, params = []) {
      return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as never[];
    },
    async exec(text) {
      await sql.unsafe(text);
    },
    drizzle(schema) {
      // A transaction's sql lacks `options`, which Drizzle reads to install its type parsers.
      if (!(sql as { options?: unknown }).options) Object.assign(sql, { options: root.options });
      return drizzle({ client: sql as postgres.Sql, schema: schema ?? {} }) as never;
    },
    async *copyLines(copyStatement) {
      const stream = await sql.unsafe(copyStatement).readable();
      try {
        yield* splitLines(stream);
      } finally {
        // postgres.js 3.4.9 can leave the socket paused when COPY's end arrives in the same packet
        // as a full buffer (porsager/postgres#499), hanging the next query: resume it.
        (stream as unknown as { _read(n: number): void })._read(0);
      }
    },
    async copyToFile(copyStatement, file) {
      const stream = await sql.unsafe(copyStatement).readable();
      try {
        return await writeStream(stream, file);
      } finally {
        (stream as unknown as { _read(n: number): void })._read(0);
      }
    },
    async copyIn(copyStatement, data) {
      const target = await sql.unsafe(copyStatement).writable();
      await pipeline(Readable.from(data), target);
    },
    scoped(enter) {
      return withoutCopy(executor(gated(sql, root, enter), root));
    },
  };
}

/** Module code gets no COPY (it reads and writes files of the host's). */
function withoutCopy<T extends SqlExecutor>(e: T): T {
  const refuse = () => { throw new Error('COPY is not available to module code'); };
  return { ...e, copyLines: refuse, copyToFile: refuse, copyIn: refuse };
}

/**
 * The part of a postgres.js client that the executor and Drizzle use (unsafe, .values(), begin,
 * savepoint, options), with every statement sent through `enter`.
 */
function gated(sql: Sql, root: postgres.Sql, enter: StatementGate): Sql {
  const out = {
    options: root.options,
    unsafe(text: string, params?: unknown[], options?: unknown) {
      let values = false;
      const run = () => {
        const q = sql.unsafe(text, params as never, options as never);
        return values ? q.values() : q;
      };
      const pending = {
        values() { values = true; return pending; },
        then(ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) { return enter(text, run as () => Promise<unknown>).then(ok, fail); },
        catch(fail: (e: unknown) => unknown) { return pending.then(undefined, fail); },
      };
      return pending;
    },
    begin(...args: unknown[]) {
      const fn = args.at(-1) as (tx: Sql) => unknown;
      const rest = args.slice(0, -1);
      return (sql as postgres.Sql).begin(...(rest as []), (tx) => fn(gated(tx, root, enter)));
    },
    savepoint(...args: unknown[]) {
      const fn = args.at(-1) as (tx: Sql) => unknown;
      const rest = args.slice(0, -1);
      return (sql as postgres.TransactionSql).savepoint(...(rest as []), (tx) => fn(gated(tx, root, enter)));
    },
  };
  return out as unknown as Sql;
}

export function openPostgres(url: string, max: number, applicationName = 'hub'): Database {
  const sql = postgres(url, { max, onnotice: () => {}, connection: { application_name: applicationName } });
  const root = executor(sql, sql);
  // Drizzle installs its type parsers on the client when first used; do it now so raw queries
  // parse values the same way before and after (timestamps and dates stay strings).
  root.drizzle();
  return {
    ...root,
    async transaction(fn) {
      return (await sql.begin((tx) => fn(executor(tx, sql)))) as never;
    },
    async session(fn) {
      const reserved = await sql.reserve();
      try {
        return await fn(executor(reserved as unknown as Sql, sql));
      } finally {
        reserved.release();
      }
    },
    async listen(channel, onPayload, onListen) {
      // postgres.js re-LISTENs by itself when that connection drops, and calls onListen each time.
      const sub = await sql.listen(channel, onPayload, onListen);
      return async () => { await sub.unlisten(); };
    },
    async notify(channel, payload) {
      await sql`select pg_notify(${channel}, ${payload})`;
    },
    forRole(scope): RoleExecutor {
      // Connections of its own that start as the role (a startup parameter): no SET ROLE per
      // query, no transaction per query. Idle connections close, so unused modules cost nothing.
      const pool = postgres(url, {
        max: Math.max(2, Math.ceil(max / 2)), idle_timeout: 30, onnotice: () => {},
        connection: { application_name: `hub:${scope.role}`.slice(0, 63), role: scope.role },
      });
      const own = executor(pool, pool);
      own.drizzle();
      const gate: StatementGate = async (text, run) => {
        scope.check(text);
        try { return await run(); } catch (error) { throw scope.mapError(error, text); }
      };
      return { ...own.scoped(gate), async close() { await pool.end({ timeout: 5 }); } };
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
