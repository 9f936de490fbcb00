// Host routes are declared like module routes (kit's apiRoute: zod-validated and documented),
// with an access level checked before validation.
import type { NextFunction, Response, Router } from 'express';
import { apiRoute, routeDocs, type RouteSpec, type ValidatedRequest, type z } from '@hub/kit';
import { guardFor, type Access } from '../auth/guards.js';

export type HostRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> =
  RouteSpec<P, Q, B, R> & { access: Access };

export function hostRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
  router: Router,
  spec: HostRouteSpec<P, Q, B, R>,
  handler: (req: ValidatedRequest<z.output<P>, z.output<Q>, z.output<B>>, res: Response, next: NextFunction) => unknown,
): void {
  (router[spec.method] as (path: string, h: unknown) => void).call(router, spec.path, guardFor(spec.access));
  // The access guard above already decides who gets in; apiRoute's own login check is for module routes.
  apiRoute(router, { ...spec, public: true, permission: undefined }, handler);
}

/** Access level of a documented route (host routes carry one; module routes are "user" when they check a permission). */
export function accessOf(spec: RouteSpec): Access | undefined {
  return (spec as RouteSpec & { access?: Access }).access;
}

export { routeDocs };
