import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { HubError } from './errors.js';
import { ROUTE_SPEC } from './access.js';
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
  /**
   * Permissions the user needs (403 without). Each must be declared: by this module in
   * `permissions`, or by the installed module whose name it starts with.
   */
  permission?: string | string[];
  /** Answered without a login (no token: still answered). Every other route needs an authenticated user. */
  public?: boolean;
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
 * route appears in the host's OpenAPI document under the module's tag. It needs an authenticated
 * user unless `public: true`, and the user needs `permission` when it names one; the host checks
 * both before its READ_ONLY / DRY_RUN switches, and the route checks them again itself.
 */
export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
  router: Router,
  spec: RouteSpec<P, Q, B, R>,
  handler: (req: ValidatedRequest<z.output<P>, z.output<Q>, z.output<B>>, res: Response, next: NextFunction) => unknown,
): void {
  const permissions = spec.permission === undefined ? [] : ([] as string[]).concat(spec.permission);
  if (spec.public === true && permissions.length > 0) {
    throw new HubError('HUB_ROUTE_INVALID', `Route ${spec.method.toUpperCase()} ${spec.path} is public and needs a permission at once`, {
      hint: 'A public route is answered without a login: drop `public` or `permission`.', details: { method: spec.method, path: spec.path },
    });
  }
  if (permissions.some((p) => typeof p !== 'string' || p === '')) {
    throw new HubError('HUB_ROUTE_INVALID', `Route ${spec.method.toUpperCase()} ${spec.path}: permission must be a string or a list of strings`, {
      hint: 'Name permissions "<module>.<action>", e.g. "contacts.read".', details: { method: spec.method, path: spec.path },
    });
  }
  routeDocs(router).push(spec as unknown as RouteSpec);
  const guards = spec.public === true ? [] : [requirePermission(...permissions)];
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
  const route = router.route(spec.path);
  (route as unknown as Record<symbol, unknown>)[ROUTE_SPEC] = spec;
  (route[spec.method] as (...h: unknown[]) => void).call(route, ...guards, validate, run);
}
