// Everything a request passes before routing, as one function: it runs on every request, module
// routes included, so it is a few direct calls instead of a middleware chain. In order: the request
// id and security headers, the request log, the JSON body of requests that carry one, the token.
import type { NextFunction, Response } from 'express';
import { assignRequestId } from './requestId.js';
import type { ServerRequest } from './types.js';

export type Middleware = (req: ServerRequest, res: Response, next: NextFunction) => void;

export interface FrontParts {
  /** Sets the security headers of the answer (see securityHeaders). */
  setSecurityHeaders: (req: ServerRequest, res: Response) => void;
  /** Logs the request when its answer ends (pino-http's middleware, called without next). */
  logRequest?: (req: ServerRequest, res: Response) => void;
  /** Parses a JSON body (express.json). Not called for GET and HEAD. */
  parseJson: Middleware;
  /** Bearer token -> req.hubUser (see authenticate). */
  authenticate: Middleware;
}

export function front({ setSecurityHeaders, logRequest, parseJson, authenticate }: FrontParts): Middleware {
  return function frontOfEveryRequest(req, res, next) {
    assignRequestId(req, res);
    setSecurityHeaders(req, res);
    if (logRequest) logRequest(req, res);
    if (req.method === 'GET' || req.method === 'HEAD') {
      authenticate(req, res, next);
      return;
    }
    parseJson(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) next(err);
      else authenticate(req, res, next);
    });
  };
}
