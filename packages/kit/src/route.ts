import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { HubError } from './errors.js';
import { requirePermission } from './requirePermission.js';
import type { HubRequest } from './types.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express path relative to the module's prefix, e.g. "/people/:id". */
  path: string;
  summary?: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of the 200/201 answer, for the docs. */
  response?: R;
  /** Status of a successful answer; default 200 (201 for post). */
  status?: number;
  /** Permissions checked before validation (401 / 403). */
  permission?: string | string[];
  tags?: string[];
}

/** Parsed inputs of a route declared with `apiRoute`. */
export interface Valid<P, Q, B> { params: P; query: Q; body: B }

export type ValidatedRequest<P, Q, B> = HubRequest & { valid: Valid<P, Q, B> };

/** Where the host finds documented routes of a router (Symbol.for: copies of the kit agree). */
export const ROUTE_DOCS = Symbol.for('@hub/routeDocs');

export function routeDocs(router: Router): RouteSpec[] {
  return ((router as unknown as Record<symbol, RouteSpec[]>)[ROUTE_DOCS] ??= []);
}

/**
 * Declares a route with zod schemas: inputs are validated (400 with the field errors) and the
 * route appears in the host's OpenAPI document under the module's tag.
 */
export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
  router: Router,
  spec: RouteSpec<P, Q, B, R>,
  handler: (req: ValidatedRequest<z.output<P>, z.output<Q>, z.output<B>>, res: Response, next: NextFunction) => unknown,
): void {
  routeDocs(router).push(spec as unknown as RouteSpec);
  const guards = spec.permission ? [requirePermission(...([] as string[]).concat(spec.permission))] : [];
  const validate = (req: Request, _res: Response, next: NextFunction) => {
    const fields: { in: string; path: string; message: string }[] = [];
    const valid: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = spec[part];
      if (!schema) { valid[part] = (req as unknown as Record<string, unknown>)[part]; continue; }
      const result = schema.safeParse((req as unknown as Record<string, unknown>)[part] ?? (part === 'body' ? {} : undefined));
      if (result.success) valid[part] = result.data;
      else for (const issue of result.error.issues) fields.push({ in: part, path: issue.path.join('.'), message: issue.message });
    }
    if (fields.length > 0) {
      next(new HubError('HUB_REQUEST_INVALID', `Invalid request: ${fields.map((f) => `${f.in}${f.path ? '.' + f.path : ''}: ${f.message}`).join('; ')}`, {
        status: 400, details: { fields }, hint: 'Fix the listed fields; the API docs at /api/docs show the expected shape.',
      }));
      return;
    }
    (req as unknown as { valid: unknown }).valid = valid;
    next();
  };
  const run = async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req as ValidatedRequest<z.output<P>, z.output<Q>, z.output<B>>, res, next);
    } catch (err) {
      next(err);
    }
  };
  (router[spec.method] as (path: string, ...h: unknown[]) => void).call(router, spec.path, ...guards, validate, run);
}
