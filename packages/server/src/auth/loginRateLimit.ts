import type { Request, Response } from 'express';
import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';

export interface LoginRateLimitOptions {
  /** Window in ms; default 15 minutes. */
  windowMs?: number;
  /** Failed logins allowed per window for one IP address and email; default 10. */
  limit?: number;
}

/**
 * Failed logins per (IP, email); successful logins do not count. The counts live in `store` (the
 * server gives the database's, shared by every instance); in memory of this process without one.
 */
export function loginRateLimit({ windowMs = 15 * 60_000, limit = 10 }: LoginRateLimitOptions = {}, store?: Store) {
  return rateLimit({
    ...(store ? { store } : {}),
    // A database that does not answer must not lock everyone out (nor let everyone in unlimited):
    // the request goes on, and the login itself fails on the same database anyway.
    passOnStoreError: true,
    windowMs,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    handler: (req: Request, res: Response) => {
      res.status(429).json({
        error: 'Too many failed logins; try again later',
        code: 'HUB_RATE_LIMITED',
        hint: `Wait ${Math.ceil(windowMs / 60_000)} minutes or ask an administrator to reset your password.`,
        requestId: (req as Request & { requestId?: string }).requestId,
      });
    },
  });
}
