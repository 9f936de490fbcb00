/** PostgreSQL table lock levels a schema statement takes, weakest first. */
export type LockLevel = 'SHARE UPDATE EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'ACCESS EXCLUSIVE';

/** What the statement does to the table's existing rows while it holds the lock. */
export type TableWork = 'none' | 'scan' | 'rewrite' | 'index build';

export interface LintWarning {
  /** Rule name, as squawk / strong_migrations call it (e.g. require-concurrent-index-creation). */
  rule: string;
  message: string;
  /** The safe alternative. */
  safe: string;
}

/** How one planned statement meets an existing table. */
export interface StatementImpact {
  /** schema.table it locks, when the table exists before the statement (new tables lock nobody). */
  table?: string;
  lock?: LockLevel;
  work: TableWork;
  /** Whether writes to the table wait while it runs (every lock from SHARE up). */
  blocksWrites: boolean;
  /** Whether reads wait too (ACCESS EXCLUSIVE). */
  blocksReads: boolean;
  warnings: LintWarning[];
}
