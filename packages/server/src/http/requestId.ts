import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { ServerRequest } from './types.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Takes X-Request-Id when it is a sane value, makes one otherwise, and echoes it back. */
export function requestId(req: ServerRequest, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  req.requestId = id;
  res.setHeader('x-request-id', id);
  next();
}
