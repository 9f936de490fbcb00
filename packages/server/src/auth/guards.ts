import type { NextFunction, Response } from 'express';
import { HubError } from '@hub/kit';
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

export type Access = 'public' | 'user' | 'superuser';

export const guardFor = (access: Access) =>
  access === 'superuser' ? requireSuperuser : access === 'user' ? requireUser : (_req: ServerRequest, _res: Response, next: NextFunction) => next();
