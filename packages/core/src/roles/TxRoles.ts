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
    return this.tx.scoped((text, run) => this.serial(async () => {
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
