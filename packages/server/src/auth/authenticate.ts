// Bearer token -> req.hubUser, through the base module's verifyToken. No header: anonymous (the
// route decides); a bad, revoked or expired token: 401 at once.
import type { NextFunction, Response } from 'express';
import { HubError } from '@hub/kit';
import type { BaseServices, TokenSession } from '@hub/module-base';
import type { ServerRequest } from '../http/types.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Recent token checks, so an authenticated request does not always cost a query. Cleared on every
 * change of who may do what (base's onAuthChanged in this process, NOTIFY hub_auth from others);
 * entries live at most `ttlMs` in any case.
 */
export class TokenCache {
  private readonly entries = new Map<string, { session: TokenSession; until: number }>();
  constructor(readonly ttlMs = 1000, private readonly max = 10_000) {}

  get(token: string): TokenSession | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    const now = Date.now();
    if (hit.until <= now || (hit.session.expiresAt !== null && Date.parse(hit.session.expiresAt) <= now)) {
      this.entries.delete(token);
      return undefined;
    }
    return hit.session;
  }

  set(token: string, session: TokenSession): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(token, { session, until: Date.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface AuthenticateOptions {
  base: () => Promise<BaseServices>;
  cache?: TokenCache;
  /** Paths that ignore any token (login). */
  skip?: string[];
  /** Paths that may carry the token as ?access_token= (EventSource cannot send headers). */
  queryTokenPattern?: RegExp;
}

export function authenticate({ base, skip = [], queryTokenPattern, cache }: AuthenticateOptions) {
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
    const cached = cache?.get(token);
    if (cached) {
      req.hubUser = cached.user;
      req.hubTokenId = cached.tokenId;
      next();
      return;
    }
    base().then((services) => services.verifyToken(token!)).then((session) => {
      cache?.set(token!, session);
      req.hubUser = session.user;
      req.hubTokenId = session.tokenId;
      next();
    }, next);
  };
}
