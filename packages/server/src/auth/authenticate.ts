// Bearer token -> req.hubUser, through the base module's verifyToken. No header: anonymous (the
// route decides); a bad, revoked or expired token: 401 at once.
import type { NextFunction, Response } from 'express';
import { HubError } from '@hub/kit';
import type { BaseServices } from '@hub/module-base';
import type { ServerRequest } from '../http/types.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface AuthenticateOptions {
  base: () => Promise<BaseServices>;
  /** Paths that ignore any token (login). */
  skip?: string[];
  /** Paths that may carry the token as ?access_token= (EventSource cannot send headers). */
  queryTokenPattern?: RegExp;
}

export function authenticate({ base, skip = [], queryTokenPattern }: AuthenticateOptions) {
  const skipped = new Set(skip);
  return function authenticateRequest(req: ServerRequest, _res: Response, next: NextFunction): void {
    const header = req.headers.authorization;
    let token: string | undefined;
    if (header !== undefined) {
      const m = BEARER.exec(header);
      if (!m) {
        next(new HubError('HUB_TOKEN_INVALID', 'The Authorization header must be "Bearer <token>"', { status: 401 }));
        return;
      }
      token = m[1];
    } else if (queryTokenPattern && req.method === 'GET' && req.url.includes('access_token=') && queryTokenPattern.test(req.path)) {
      const value = (req.query as Record<string, unknown>).access_token;
      if (typeof value === 'string') token = value;
    }
    if (token === undefined || skipped.has(req.path)) {
      next();
      return;
    }
    base().then((services) => services.verifyToken(token!)).then((session) => {
      req.hubUser = session.user;
      req.hubTokenId = session.tokenId;
      next();
    }, next);
  };
}
