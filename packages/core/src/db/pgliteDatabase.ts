import { PGlite, type Transaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { writeFile } from 'node:fs/promises';
import type { Database, RoleExecutor, RoleScope, SqlExecutor, StatementGate } from './types.js';
import { countNewlines } from './writeStream.js';
import { pgliteCanLoad, pgliteExtensions } from '../pgExtensions/pgliteExtensions.js';

/** What the executor and Drizzle use of a PGlite connection or transaction. */
interface Client {
  query: PGlite['query'];
  exec: PGlite['exec'];
  transaction?: PGlite['transaction'];
}

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
    scoped(enter) {
      return withoutCopy(executor(gated(client, enter)));
    },
  };
}

/** Module code gets no COPY (it reads and writes files of the host's). */
function withoutCopy<T extends SqlExecutor>(e: T): T {
  const refuse = () => { throw new Error('COPY is not available to module code'); };
  return { ...e, copyLines: refuse, copyToFile: refuse, copyIn: refuse };
}

/** A client whose every statement goes through `enter` (and whose transactions do too). */
function gated(client: Client, enter: StatementGate): Client {
  const out: Client = {
    query: ((text: string, params?: unknown[], options?: unknown) => enter(text, () => client.query(text, params, options as never))) as PGlite['query'],
    exec: ((text: string, options?: unknown) => enter(text, () => client.exec(text, options as never))) as PGlite['exec'],
  };
  if (client.transaction) out.transaction = ((fn: (tx: Transaction) => Promise<unknown>) => client.transaction!((tx) => fn(gated(tx, enter) as Transaction))) as PGlite['transaction'];
  return out;
}

/**
 * PGlite loads an extension's files only when it opens. Besides those asked for, the extensions
 * the database has created already (a module that needs one may no longer be discovered while
 * its tables are kept) are loaded too: if some were not, it is opened again with them.
 */
async function openWithExtensions(dataDir: string | undefined, names: string[]): Promise<PGlite> {
  const open = async (list: string[]) => PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(list.length ? { extensions: await pgliteExtensions(list) } : {}) });
  const pg = await open(names);
  if (!dataDir) return pg;
  const created = (await pg.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")).rows.map((r) => r.extname);
  const more = [];
  for (const name of created) if (!names.includes(name) && (await pgliteCanLoad(name))) more.push(name);
  if (more.length === 0) return pg;
  await pg.close();
  return open([...names, ...more]);
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * PGlite has one connection: a role's statement runs in a transaction of its own that starts with
 * SET LOCAL ROLE, so no other statement (the host's or another module's) ever runs as that role.
 */
function roleClient(pg: PGlite, scope: RoleScope): Client {
  const setRole = `SET LOCAL ROLE ${quoteIdent(scope.role)}`;
  const guard = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    scope.check(text);
    try { return await run(); } catch (error) { throw scope.mapError(error, text); }
  };
  const inRole = <T>(fn: (tx: Transaction) => Promise<T>) => pg.transaction(async (tx) => { await tx.exec(setRole); return fn(tx); });
  return {
    query: ((text: string, params?: unknown[], options?: unknown) => guard(text, () => inRole((tx) => tx.query(text, params, options as never)))) as PGlite['query'],
    exec: ((text: string, options?: unknown) => guard(text, () => inRole((tx) => tx.exec(text, options as never)))) as PGlite['exec'],
    transaction: ((fn: (tx: Transaction) => Promise<unknown>) => inRole((tx) => fn(gated(tx, guard) as Transaction))) as PGlite['transaction'],
  };
}

export async function openPglite(dataDir?: string, extensionNames: string[] = []): Promise<Database> {
  const pg = await openWithExtensions(dataDir, extensionNames);
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
    forRole(scope): RoleExecutor {
      return { ...withoutCopy(executor(roleClient(pg, scope))), async close() {} };
    },
    async close() {
      await pg.close();
    },
  };
}
