// What a route lets through, written on the route itself so the host can read it before any
// module code runs: the host checks authentication and permissions first, then its READ_ONLY /
// DRY_RUN switches, then calls the handler. Symbol.for: copies of the kit agree.
import type { NextFunction, Request, Response } from 'express';

/** On a middleware made by requirePermission: the permissions it checks. */
export const REQUIRED_PERMISSIONS = Symbol.for('@hub/requiredPermissions');
/** On the middleware made by publicAccess(): the route (or the routes after it) needs no login. */
export const PUBLIC_ACCESS = Symbol.for('@hub/publicAccess');
/** On an Express route made by apiRoute: its RouteSpec. */
export const ROUTE_SPEC = Symbol.for('@hub/routeSpec');

export type PublicAccessMiddleware = ((req: Request, res: Response, next: NextFunction) => void) & { readonly [PUBLIC_ACCESS]: true };

/**
 * Marks plain Express routes as public (answered without a login), the equivalent of
 * `apiRoute({ public: true })`: `router.get('/status', publicAccess(), handler)`, or
 * `router.use(publicAccess())` for every route declared after it on that router.
 * Every other module route needs an authenticated user.
 */
export function publicAccess(): PublicAccessMiddleware {
  const marker = function publicRoute(_req: Request, _res: Response, next: NextFunction): void { next(); };
  return Object.assign(marker, { [PUBLIC_ACCESS]: true as const });
}

/** The permissions a middleware checks (made by requirePermission), if it is one. */
export function permissionsOf(fn: unknown): readonly string[] | undefined {
  return typeof fn === 'function' ? (fn as unknown as Record<symbol, readonly string[] | undefined>)[REQUIRED_PERMISSIONS] : undefined;
}

/** True for the marker made by publicAccess(). */
export function isPublicAccess(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[PUBLIC_ACCESS] === true;
}
