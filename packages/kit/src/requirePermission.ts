import type { NextFunction, Response } from 'express';
import { REQUIRED_PERMISSIONS } from './access.js';
import { HubError } from './errors.js';
import type { HubRequest, HubUser } from './types.js';

export function hasPermission(user: HubUser | undefined, permission: string): boolean {
  return !!user && (user.isSuperuser || user.permissions.includes(permission));
}

/**
 * Express middleware for module routes: 401 when nobody is logged in, 403 when the user lacks
 * the permission. Superusers have every permission. The host reads the permissions it names and
 * checks them before its READ_ONLY / DRY_RUN switches, so each must be declared (by this module
 * in `permissions`, or by the installed module whose name it starts with).
 */
export function requirePermission(...permissions: string[]) {
  const guard = function requirePermissionGuard(req: HubRequest, _res: Response, next: NextFunction): void {
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
  return Object.assign(guard, { [REQUIRED_PERMISSIONS]: Object.freeze([...permissions]) as readonly string[] });
}
