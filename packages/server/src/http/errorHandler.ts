// The one place errors become HTTP answers. HubError -> its status and JSON; an error from a
// module's handler -> 500 naming the module; anything else -> 500 without internals.
import type { NextFunction, Response } from 'express';
import type { Logger } from 'pino';
import { isHubError } from '@hub/kit';
import type { ServerRequest } from './types.js';

const MODULE_OF_ERROR = Symbol.for('@hub/server/errorModule');

/** Marks an error as raised inside a module's routes (the dispatcher does this). */
export function tagModuleError(err: unknown, module: string): unknown {
  const e = err instanceof Error || (typeof err === 'object' && err !== null) ? err : new Error(String(err));
  if ((e as Record<symbol, unknown>)[MODULE_OF_ERROR] === undefined) {
    try { (e as Record<symbol, unknown>)[MODULE_OF_ERROR] = module; } catch { /* frozen */ }
  }
  return e;
}

export function moduleOfError(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? ((err as Record<symbol, unknown>)[MODULE_OF_ERROR] as string | undefined) : undefined;
}

/** body-parser and other http-errors style errors: { status, type, expose }. */
function clientError(err: unknown): { status: number; code: string; message: string } | undefined {
  const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (e.type === 'entity.too.large') return { status, code: 'HUB_BODY_TOO_LARGE', message: 'The request body is too large (limit 1 MB)' };
  if (e.type === 'entity.parse.failed') return { status, code: 'HUB_BODY_INVALID_JSON', message: 'The request body is not valid JSON' };
  return { status, code: 'HUB_BAD_REQUEST', message: e.expose && e.message ? e.message : 'Bad request' };
}

/** The error itself, or the HubError it wraps (Drizzle wraps what a query throws, e.g. a refused privilege). */
function codedError(err: unknown): unknown {
  for (let e = err, i = 0; e && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i++) if (isHubError(e)) return e;
  return err;
}

export function errorHandler(logger: Logger) {
  return function hubErrorHandler(original: unknown, req: ServerRequest, res: Response, next: NextFunction): void {
    const err = codedError(original);
    if (res.headersSent) {
      next(err);
      return;
    }
    const module = moduleOfError(original) ?? moduleOfError(err) ?? req.hubModule;
    const requestId = req.requestId;
    const log = req.log ?? logger;
    if (isHubError(err)) {
      if (err.status >= 500) log.error({ err, module: err.module ?? module, requestId }, err.message);
      res.status(err.status).json({ ...err.toJSON(), module: err.module ?? module, requestId });
      return;
    }
    const client = clientError(err);
    if (client) {
      res.status(client.status).json({ error: client.message, code: client.code, requestId });
      return;
    }
    if (module) {
      log.error({ err, module, requestId }, `module "${module}" failed to answer ${req.method} ${req.originalUrl}`);
      res.status(500).json({ error: `Internal error in module "${module}"`, code: 'HUB_MODULE_ERROR', module, requestId });
      return;
    }
    log.error({ err, requestId }, `failed to answer ${req.method} ${req.originalUrl}`);
    res.status(500).json({ error: 'Internal error', code: 'HUB_INTERNAL', requestId });
  };
}

/** JSON 404 for anything no route answered. */
export function notFound(req: ServerRequest, res: Response): void {
  res.status(404).json({ error: `No route for ${req.method} ${req.path}`, code: 'HUB_NOT_FOUND', requestId: req.requestId });
}
