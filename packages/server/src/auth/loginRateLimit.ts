import type { Request, Response } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';

export interface LoginRateLimitOptions {
  /** Window in ms; default 15 minutes. */
  windowMs?: number;
  /** Failed logins allowed per window for one IP address and email; default 10. */
  limit?: number;
}

/** Failed logins per (IP, email), in memory (per process); successful logins do not count. */
export function loginRateLimit({ windowMs = 15 * 60_000, limit = 10 }: LoginRateLimitOptions = {}) {
  return rateLimit({
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
