import type { SqlExecutor } from '../db/types.js';
import { permissionDenied } from './permissionDenied.js';
import { checkModuleStatement } from './statementGuard.js';
import { quoteIdent } from './moduleRole.js';

/**
 * Module statements inside a host transaction (hooks, version steps, data files of an apply).
 * Each runs as `SET LOCAL ROLE <module role>; <statement>; RESET ROLE`, one at a time, so the
 * host's own statements (DDL, state) between them always run as the host, and a savepoint that
 * rolls back cannot leave the transaction in a module's role.
 */
export class TxRoles {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly tx: SqlExecutor) {}

  executorFor(module: string, role: string): SqlExecutor {
    const setRole = `SET LOCAL ROLE ${quoteIdent(role)}`;
    // PostgreSQL 15 lets only a materialized view's owner refresh it, and the host owns the views
    // it created in the module's schema: a refresh of one of them is the one statement that runs
    // as the host. It recomputes the view's own definition, which the apply has run as the
    // module's role (secureModuleViews), so it shows nothing the role could not read itself.
    const ownRefresh = new RegExp(`^\\s*refresh\\s+materialized\\s+view\\s+(concurrently\\s+)?"?${module}"?\\."?[a-z_][a-z0-9_]*"?\\s*(with\\s+(no\\s+)?data\\s*)?;?\\s*$`, 'i');
    return this.tx.scoped((text, run) => this.serial(async () => {
      if (ownRefresh.test(text)) return run();
      checkModuleStatement(module, text);
      await this.tx.exec(setRole);
      try {
        return await run();
      } catch (error) {
        throw permissionDenied(module, error, text);
      } finally {
        // After a failed statement the transaction is aborted and nothing else runs in it.
        await this.tx.exec('RESET ROLE').catch(() => {});
      }
    }));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => {});
    return next;
  }
}
