import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { ServerRequest } from './types.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
// Unique, not secret: a random per-process prefix and a counter (cheaper than a UUID per request).
const PREFIX = randomBytes(5).toString('hex');
let counter = 0;

/** Takes X-Request-Id when it is a sane value, makes one otherwise, and echoes it back. */
export function assignRequestId(req: ServerRequest, res: Response): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : `${PREFIX}-${(++counter).toString(36)}`;
  req.requestId = id;
  res.setHeader('x-request-id', id);
}
