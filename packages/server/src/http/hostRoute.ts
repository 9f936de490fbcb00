// Host routes are declared like module routes (kit's apiRoute: zod-validated and documented),
// from @hub/api's route table, with an access level checked before validation.
import type { NextFunction, Response, Router } from 'express';
import { apiRoute, HubError, routeDocs, type RouteSpec, type ValidatedRequest, type z } from '@hub/kit';
import { fullPath } from '@hub/api';
import { guardFor, type Access } from '../auth/guards.js';

export type HostRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> =
  RouteSpec<P, Q, B, R> & { access: Access; prefix?: string };

/**
 * Under vitest (or HUB_CHECK_ANSWERS=1) every successful JSON answer of a host route is checked
 * against the route's answer schema: an answer outside the contract becomes a 500
 * HUB_ANSWER_INVALID naming the route and the fields, so any server test shows the drift.
 */
const checkAnswers = process.env.HUB_CHECK_ANSWERS === '1' || (process.env.VITEST !== undefined && process.env.HUB_CHECK_ANSWERS !== '0');

function checked(spec: HostRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>, res: Response): void {
  const schema = spec.response;
  if (!schema) return;
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    if (res.statusCode >= 300) return json(body);
    const result = schema.safeParse(body);
    if (result.success) return json(body);
    const where = `${spec.method.toUpperCase()} ${spec.prefix ? fullPath({ prefix: spec.prefix, path: spec.path }) : spec.path}`;
    throw new HubError('HUB_ANSWER_INVALID', `${where} answered outside the @hub/api contract: ${result.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ')}`, {
      status: 500, hint: 'Change the answer or its schema in packages/api.', details: { issues: result.error.issues },
    });
  };
}

export function hostRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
  router: Router,
  spec: HostRouteSpec<P, Q, B, R>,
  handler: (req: ValidatedRequest<z.output<P>, z.output<Q>, z.output<B>>, res: Response, next: NextFunction) => unknown,
): void {
  (router[spec.method] as (path: string, h: unknown) => void).call(router, spec.path, guardFor(spec.access));
  // The access guard above already decides who gets in; apiRoute's own login check is for module routes.
  apiRoute(router, { ...spec, public: true, permission: undefined }, checkAnswers ? (req, res, next) => {
    checked(spec as unknown as HostRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>, res);
    return handler(req, res, next);
  } : handler);
}

/** Access level of a documented route (host routes carry one; module routes are "user" when they check a permission). */
export function accessOf(spec: RouteSpec): Access | undefined {
  return (spec as RouteSpec & { access?: Access }).access;
}

export { routeDocs };
