import type { NextFunction, Response } from 'express';
import { HubError } from '@hub/kit';
import { MODULES_READ_PERMISSION } from '@hub/module-base';
import type { ServerRequest } from '../http/types.js';

export const authRequired = () => new HubError('HUB_AUTH_REQUIRED', 'Authentication required', {
  status: 401, hint: 'Send "Authorization: Bearer <token>" (POST /api/v1/auth/login gives one).',
});

/** Reads of the host API: any logged-in user. */
export function requireUser(req: ServerRequest, _res: Response, next: NextFunction): void {
  next(req.hubUser ? undefined : authRequired());
}

/** Changes through the host API (module lifecycle, other users' tokens): superusers only. */
export function requireSuperuser(req: ServerRequest, _res: Response, next: NextFunction): void {
  if (!req.hubUser) return next(authRequired());
  if (!req.hubUser.isSuperuser) {
    return next(new HubError('HUB_SUPERUSER_REQUIRED', 'Only a superuser may do this', { status: 403, hint: 'Log in as an administrator.' }));
  }
  next();
}

/** Whether the user may read the module manager (plans, schema, backups, operations, audit). */
export const readsManager = (user: ServerRequest['hubUser']): boolean =>
  !!user && (user.isSuperuser || user.permissions.includes(MODULES_READ_PERMISSION));

/** Reads of the module manager: superusers, or users with base's MODULES_READ_PERMISSION. */
export function requireManagerReader(req: ServerRequest, _res: Response, next: NextFunction): void {
  if (!req.hubUser) return next(authRequired());
  if (!readsManager(req.hubUser)) {
    return next(new HubError('HUB_PERMISSION_DENIED', `Permission denied: needs ${MODULES_READ_PERMISSION}`, {
      status: 403, hint: `Reading the module manager needs a superuser or a role with "${MODULES_READ_PERMISSION}".`, details: { missing: [MODULES_READ_PERMISSION] },
    }));
  }
  next();
}

/** public: anyone; user: logged in; manager: may read the module manager; superuser: may change it. */
export type Access = 'public' | 'user' | 'manager' | 'superuser';

export const guardFor = (access: Access) =>
  access === 'superuser' ? requireSuperuser : access === 'manager' ? requireManagerReader : access === 'user' ? requireUser
    : (_req: ServerRequest, _res: Response, next: NextFunction) => next();
