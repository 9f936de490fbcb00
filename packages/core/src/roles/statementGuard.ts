import { HubError } from '@hub/kit';

// Statements that would let module code leave its role or the host's transaction. A role switch
// by SET ROLE is undone by RESET ROLE, SET ROLE <host>, set_config('role', ...) or DISCARD ALL, so
// module code may not send those (nor end or restart the install transaction; savepoints are fine).
const LEAVES_ROLE = /(^|;)\s*(reset\s+(role|session|all)|set\s+(local\s+|session\s+)?(role|session\s+authorization)|discard|commit|rollback(?!\s+to\b)|end|abort|begin|start\s+transaction|prepare\s+transaction)\b/i;
const SET_CONFIG = /\bset_config\s*\(/i;

/** Refuses a module statement that would switch roles or end the transaction it runs in. */
export function checkModuleStatement(module: string, text: string): void {
  if (LEAVES_ROLE.test(text) || SET_CONFIG.test(text)) {
    throw new HubError('HUB_MODULE_STATEMENT_REFUSED', `Module "${module}" sent a statement that switches database roles or ends its transaction: ${text.slice(0, 200)}`, {
      module, status: 500, details: { statement: text.slice(0, 1000) },
      hint: 'A module runs as its own role inside the host\'s transactions: use db.transaction() for a transaction, and declare extra access in defineModule({ access }).',
    });
  }
}
