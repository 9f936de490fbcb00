// Errors of the lifecycle engine (plan/apply). Same shape as the core catalog in ../errors.ts.
import { HubError, rootCauseMessage } from '@hub/kit';
import { backupNotFound } from '../errors.js';
import { PLAN_HASH_MIN_LENGTH } from './planHash.js';

const err = (code: string, message: string, hint: string, extra: { module?: string; status?: number; details?: unknown; cause?: unknown } = {}) =>
  new HubError(code, message, { hint, status: extra.status ?? 400, module: extra.module, details: extra.details, cause: extra.cause });

export const alreadyInstalled = (name: string, version: string) =>
  err('HUB_ALREADY_INSTALLED', `Module "${name}" is already installed (version ${version}).`, `Nothing to install; use upgrade to move "${name}" to a newer version.`, { module: name, status: 409 });
export const notInstalled = (name: string, action: string) =>
  err('HUB_NOT_INSTALLED', `Module "${name}" is not installed, so it cannot be ${action}.`, `Install it first: hub module install ${name}.`, { module: name, status: 409 });
export const baseRequired = (action: string) =>
  err('HUB_BASE_REQUIRED', `Module "base" cannot be ${action}: every other module relies on it.`, 'Leave base installed; uninstall the other modules instead.', { module: 'base', status: 409 });
export const hasDependents = (name: string, dependents: string[]) =>
  err('HUB_HAS_DEPENDENTS', `Module "${name}" cannot be uninstalled: installed module${dependents.length > 1 ? 's' : ''} ${dependents.map((d) => `"${d}"`).join(', ')} depend${dependents.length > 1 ? '' : 's'} on it.`,
    'Uninstall those first, or pass cascade to uninstall them too (dependents first).', { module: name, status: 409, details: { dependents } });
export const dataLossRefused = (items: string[]) =>
  err('HUB_DATA_LOSS', `The operation would lose data: ${items.join('; ')}.`, 'Review the plan; to go ahead, apply again with acceptDataLoss (a backup of the tables is taken first).', { status: 409, details: { dataLoss: items } });
export const planChanged = (given: string, actual: string) =>
  err('HUB_PLAN_CHANGED', `The plan changed since it was shown: the hash given is ${given}, the plan's hash is now ${actual}.`, 'Show the plan again, review it, and apply with its new hash.', { status: 409, details: { expected: given, actual } });
export const planHashTooShort = (given: string) =>
  err('HUB_PLAN_HASH_INVALID', `The plan hash "${given}" is too short: give at least ${PLAN_HASH_MIN_LENGTH} characters of it.`, 'Pass the hash the plan prints (12 characters) or its full hash.', { status: 400, details: { given } });
export const lockTimeout = (what: string, cause: unknown) =>
  err('HUB_LOCK_TIMEOUT', `Timed out waiting for a lock ${what}.`, 'Another operation or a long query holds it: retry in a moment, or raise lockTimeout (CreateHubOptions) if tables are busy.', { status: 409, cause });
export const hookFailed = (module: string, hook: string, cause: unknown) =>
  err('HUB_HOOK_FAILED', `Module "${module}": ${hook} failed: ${causeMessage(cause)}`, 'Fix the hook; nothing was changed (the operation was rolled back).', { module, status: 500, cause, details: { hook } });
export const ddlFailed = (module: string, sql: string, cause: unknown) =>
  err('HUB_DDL_FAILED', `Module "${module}": statement failed: ${causeMessage(cause)}\n  ${sql}`, 'Fix the module\'s schema (or the rows that violate it); nothing was changed (the operation was rolled back).', { module, status: 500, cause, details: { sql } });
export const nothingToRollback = (module: string) =>
  err('HUB_NOTHING_TO_ROLLBACK', `Module "${module}" has no migration left to roll back.`, `See its migrations with \`hub module show-migrations ${module}\`.`, { module, status: 409 });
export const moduleDisabled = (module: string) =>
  err('HUB_MODULE_DISABLED', `Module "${module}" is disabled.`, `Enable it first: hub module enable ${module}.`, { module, status: 409 });
export const backupMissing = (module: string, id?: string) => backupNotFound({ module, id });

export function causeMessage(cause: unknown): string {
  return rootCauseMessage(cause);
}

/** SQLSTATE of a driver error anywhere in the cause chain. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 8; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
