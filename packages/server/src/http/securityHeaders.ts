// Security headers. HTML (admin, API docs) gets helmet's full set; JSON API answers get the set
// OWASP recommends for REST APIs, written from a precomputed list (it is on every module request).
import type { Request, Response } from 'express';
import helmet from 'helmet';

export const API_HEADERS: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['referrer-policy', 'no-referrer'],
  ['cross-origin-resource-policy', 'same-origin'],
];

// helmet's parts only set headers and call next at once; an error there is a bug, not a request's.
const rethrow = (err?: unknown): void => { if (err) throw err; };

/** A function that sets the security headers of an answer (synchronously). */
export function securityHeaders() {
  const full = helmet();
  return function setSecurityHeaders(req: Request, res: Response): void {
    const url = req.url;
    if (url.startsWith('/api/') && !url.startsWith('/api/docs')) {
      for (let i = 0; i < API_HEADERS.length; i++) res.setHeader(API_HEADERS[i][0], API_HEADERS[i][1]);
      return;
    }
    full(req, res, rethrow);
  };
}
