// Security headers. HTML (admin, API docs) gets helmet's full set; JSON API answers get the set
// OWASP recommends for REST APIs, written from a precomputed list (it is on every module request).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * CSP source expressions ('sha256-...') of the inline scripts of an HTML file: the admin's import
 * map must run inline (browsers take no import map from a file), so its CSP allows exactly it.
 */
export function inlineScriptHashes(htmlFile: string | undefined): string[] {
  if (!htmlFile || !existsSync(htmlFile)) return [];
  const html = readFileSync(htmlFile, 'utf8');
  return [...html.matchAll(INLINE_SCRIPT)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}

export interface SecurityHeaderOptions {
  /** Hashes of the inline scripts the admin's index.html runs (see inlineScriptHashes). */
  adminScriptHashes?: string[];
}

/** A function that sets the security headers of an answer (synchronously). */
export function securityHeaders(options: SecurityHeaderOptions = {}) {
  const full = helmet();
  const hashes = options.adminScriptHashes ?? [];
  // The admin gets helmet's defaults with its own inline scripts allowed by hash, nothing else inline.
  const admin = hashes.length === 0 ? full : helmet({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'", ...hashes] } },
  });
  return function setSecurityHeaders(req: Request, res: Response): void {
    const url = req.url;
    if (url.startsWith('/api/') && !url.startsWith('/api/docs')) {
      for (let i = 0; i < API_HEADERS.length; i++) res.setHeader(API_HEADERS[i][0], API_HEADERS[i][1]);
      return;
    }
    (url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?') ? admin : full)(req, res, rethrow);
  };
}
