import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { splitLines } from './lines.js';
import { writeStream } from './writeStream.js';
import type { Database, SqlExecutor } from './types.js';

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
  };
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
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
