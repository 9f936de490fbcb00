export { lintStatement } from './lintStatement.js';
export { estimatedRows } from './tableRows.js';
export { annotatePlan } from './annotatePlan.js';
export type { LintWarning, LockLevel, StatementImpact, TableWork } from './lintTypes.js';
