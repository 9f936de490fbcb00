/**
 * One error type for the whole platform. Every error has a stable `code`, a message that says
 * what was wrong and a `hint` that says how to fix it. The server maps `status` to HTTP, the CLI
 * maps errors to exit code 1 and one line. Checked by brand, not `instanceof`, because a host may
 * load two copies of this package.
 */
import { errorCatalogEntry } from './errorCatalog.js';

const BRAND = Symbol.for('@hub/HubError');

export interface HubErrorOptions {
  hint?: string;
  status?: number;
  module?: string;
  details?: unknown;
  cause?: unknown;
}

export class HubError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly hint?: string;
  readonly status: number;
  readonly module?: string;
  readonly details?: unknown;

  constructor(code: string, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    // A host code's status and fix come from the catalog unless the raise site is more specific.
    const entry = errorCatalogEntry(code);
    this.hint = options.hint ?? entry?.fix;
    this.status = options.status ?? entry?.status ?? 400;
    this.module = options.module;
    this.details = options.details;
  }

  /** The JSON body clients receive. Never contains a stack or internals. */
  toJSON(): { error: string; code: string; hint?: string; module?: string; details?: unknown } {
    return { error: this.message, code: this.code, hint: this.hint, module: this.module, details: this.details };
  }
}

export function isHubError(value: unknown): value is HubError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Thrown by defineModule when a manifest is malformed. */
export class ModuleDefinitionError extends HubError {
  constructor(module: string, field: string, message: string, hint?: string) {
    super('HUB_MODULE_DEFINITION_INVALID', `Module "${module}": ${field}: ${message}`, { module, hint, details: { field } });
    this.name = 'ModuleDefinitionError';
  }
}

/** The innermost error of a cause chain (a driver's error under a query wrapper's, say). */
export function rootCause(error: unknown): unknown {
  let e = error;
  for (let i = 0; i < 10 && typeof e === 'object' && e !== null && (e as { cause?: unknown }).cause !== undefined; i++) {
    e = (e as { cause?: unknown }).cause;
  }
  return e;
}

/**
 * What went wrong, said by the root cause: a query that failed in a hook reads "permission denied
 * for table users", not only "Failed query: ...". The outer message follows when it adds something.
 */
export function rootCauseMessage(error: unknown): string {
  const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const root = rootCause(error);
  if (root === error) return text(error);
  const outer = text(error).split('\n')[0];
  const inner = text(root);
  return outer.includes(inner) ? outer : `${inner} (${outer.length > 300 ? `${outer.slice(0, 300)}...` : outer})`;
}
