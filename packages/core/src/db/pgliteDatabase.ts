import { PGlite, type Transaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { writeFile } from 'node:fs/promises';
import type { Database, SqlExecutor } from './types.js';
import { countNewlines } from './writeStream.js';

type Client = PGlite | Transaction;

function executor(client: Client): SqlExecutor {
  return {
    kind: 'pglite',
    async query(text, params = []) {
      return (await client.query(text, params)).rows as never[];
    },
    async exec(text) {
      await client.exec(text);
    },
    drizzle(schema) {
      // Inside a transaction Drizzle runs on the transaction's client; nested db.transaction()
      // is not available there (PGlite has a single connection).
      return drizzle({ client: client as PGlite, schema: schema ?? {} }) as never;
    },
    async *copyLines(copyStatement) {
      // PGlite copies to an in-memory blob: embedded databases are small by nature.
      const target = copyStatement.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'");
      const result = await client.query(target);
      const text = result.blob ? await result.blob.text() : '';
      let start = 0;
      while (start < text.length) {
        const nl = text.indexOf('\n', start);
        if (nl === -1) { yield text.slice(start); break; }
        yield text.slice(start, nl);
        start = nl + 1;
      }
    },
    async copyToFile(copyStatement, file) {
      const result = await client.query(copyStatement.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'"));
      const bytes = result.blob ? new Uint8Array(await result.blob.arrayBuffer()) : new Uint8Array();
      await writeFile(file, bytes);
      return countNewlines(bytes);
    },
    async copyIn(copyStatement, data) {
      const parts: Uint8Array[] = [];
      for await (const chunk of data) parts.push(chunk);
      const blob = new Blob(parts as unknown as ConstructorParameters<typeof Blob>[0]);
      await client.query(copyStatement.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [], { blob });
    },
  };
}

export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  return {
    ...executor(pg),
    async transaction(fn) {
      return pg.transaction((tx) => fn(executor(tx)));
    },
    async session(fn) {
      // One connection already: the session is the database itself.
      return fn(executor(pg));
    },
    async listen(channel, onPayload, onListen) {
      const unsubscribe = await pg.listen(channel, onPayload);
      onListen?.(); // in-process: this connection never drops
      return async () => { await unsubscribe(); };
    },
    async notify(channel, payload) {
      await pg.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await pg.close();
    },
  };
}
