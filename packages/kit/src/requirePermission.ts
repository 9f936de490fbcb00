import type { NextFunction, Response } from 'express';
import { HubError } from './errors.js';
import type { HubRequest, HubUser } from './types.js';

export function hasPermission(user: HubUser | undefined, permission: string): boolean {
  return !!user && (user.isSuperuser || user.permissions.includes(permission));
}

/**
 * Express middleware for module routes: 401 when nobody is logged in, 403 when the user lacks
 * the permission. Superusers have every permission.
 */
export function requirePermission(...permissions: string[]) {
  return function requirePermissionGuard(req: HubRequest, _res: Response, next: NextFunction): void {
    const user = req.hubUser;
    if (!user) {
      next(new HubError('HUB_AUTH_REQUIRED', 'Authentication required', { status: 401, hint: 'Send "Authorization: Bearer <token>" (POST /api/v1/auth/login gives one).' }));
      return;
    }
    const missing = permissions.filter((p) => !hasPermission(user, p));
    if (missing.length > 0) {
      next(new HubError('HUB_PERMISSION_DENIED', `Permission denied: needs ${missing.join(', ')}`, { status: 403, hint: 'Ask an administrator to give your role this permission.', details: { missing } }));
      return;
    }
    next();
  };
}
