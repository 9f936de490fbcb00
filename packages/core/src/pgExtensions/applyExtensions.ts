import type { SqlExecutor } from '../db/types.js';
import type { PlannedModule } from '../hub/types.js';
import { ddlFailed } from '../lifecycle/lifecycleErrors.js';
import { quoteExtension } from './extensionNames.js';
import { extensionUsers, replaceExtensionNeeds } from './extensionState.js';

/**
 * Before a module's DDL (and its hooks): creates the extensions the plan says to create, records
 * those Hub created, and records that the module needs what it declares. Runs in the operation's
 * transaction, so a failure leaves nothing behind.
 */
export async function createModuleExtensions(tx: SqlExecutor, m: PlannedModule): Promise<void> {
  if (!m.extensions?.length) return;
  for (const e of m.extensions) {
    if (e.action !== 'create') continue;
    try {
      await tx.exec(e.sql ?? `CREATE EXTENSION IF NOT EXISTS ${quoteExtension(e.name)}`);
    } catch (error) {
      throw ddlFailed(m.name, e.sql ?? `CREATE EXTENSION ${e.name}`, error);
    }
    await tx.query('INSERT INTO hub.pg_extensions (name, created_by) VALUES ($1, $2) ON CONFLICT DO NOTHING', [e.name, m.name]);
  }
  await replaceExtensionNeeds(tx, m.name, m.extensions.filter((e) => e.action === 'create' || e.action === 'present').map((e) => e.name));
}

/**
 * After an uninstall's DDL: with its tables dropped the module needs nothing any more, and the
 * extensions the plan marked `drop` go, unless something in the database started using one since
 * the plan (checked again here; then it stays). Without dropTables its needs stay recorded.
 */
export async function releaseModuleExtensions(tx: SqlExecutor, m: PlannedModule, dropTables: boolean): Promise<string[]> {
  if (!dropTables) return [];
  await tx.query('DELETE FROM hub.pg_extension_needs WHERE module = $1', [m.name]);
  const dropped: string[] = [];
  for (const e of m.extensions ?? []) {
    if (e.action !== 'drop') continue;
    const [other] = await tx.query('SELECT 1 FROM hub.pg_extension_needs WHERE extension = $1 LIMIT 1', [e.name]);
    if (other || (await extensionUsers(tx, e.name)).length) continue;
    // Something the check above cannot see (a column of an array of its type) makes the drop fail:
    // then the extension stays, and the uninstall goes on.
    await tx.exec('SAVEPOINT hub_drop_extension');
    try {
      await tx.exec(`DROP EXTENSION IF EXISTS ${quoteExtension(e.name)}`);
      await tx.exec('RELEASE SAVEPOINT hub_drop_extension');
    } catch {
      await tx.exec('ROLLBACK TO SAVEPOINT hub_drop_extension');
      continue;
    }
    await tx.query('DELETE FROM hub.pg_extensions WHERE name = $1', [e.name]);
    dropped.push(e.name);
  }
  return dropped;
}

/** A rollback to before the install: the module needs nothing any more (the extensions stay). */
export async function forgetModuleExtensions(tx: SqlExecutor, module: string): Promise<void> {
  await tx.query('DELETE FROM hub.pg_extension_needs WHERE module = $1', [module]);
}
