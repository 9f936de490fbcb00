// /admin (the admin SPA) and /modules/<name>/admin/* (module admin bundles).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import express, { Router, type NextFunction, type Response } from 'express';
import { HubError } from '@hub/kit';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';
import type { ServerRequest } from '../http/types.js';

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>Hub admin</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Hub</h1><p>The admin app is not built. Run <code>pnpm --filter @hub/admin build</code> and reload.</p>
<p>The API answers at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/**
 * Serves the SPA from adminDir with index.html for unknown paths; a short page when not built.
 * devEvents (hub dev): index.html names that event stream in a <meta name="hub-dev-events">, so the
 * admin follows rebuilt module views.
 */
export function adminApp(adminDir: string | undefined, options: { devEvents?: string } = {}): Router {
  const router = Router();
  const index = adminDir ? join(adminDir, 'index.html') : undefined;
  if (!adminDir || !index || !existsSync(index)) {
    router.use((_req, res) => { res.status(200).type('html').send(NOT_BUILT); });
    return router;
  }
  const sendIndex = (res: Response) => {
    res.setHeader('cache-control', 'no-cache');
    if (!options.devEvents) return res.sendFile(index);
    // Read at each request: under hub dev the admin may be rebuilt while the server runs.
    const meta = `<meta name="hub-dev-events" content="${options.devEvents}">`;
    res.type('html').send(readFileSync(index, 'utf8').replace('</head>', `${meta}</head>`));
  };
  if (options.devEvents) router.get(['/', '/index.html'], (_req, res) => sendIndex(res));
  router.use(express.static(adminDir, { index: 'index.html', dotfiles: 'ignore', maxAge: '1h' }));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    sendIndex(res);
  });
  return router;
}

/** Files of a mounted module's admin folder (the folder of its definition's `admin` entry) only; not cached under hub dev. */
export function moduleAdminFiles(mounter: ModuleMounter, options: { dev?: boolean } = {}): Router {
  const router = Router();
  router.get('/:name/admin/*file', (req: ServerRequest, res: Response, next: NextFunction) => {
    const name = String(req.params.name);
    const details = mounter.details(name);
    const admin = details?.definition.admin;
    if (!details || !admin) {
      next(new HubError('HUB_NOT_FOUND', `Module "${name}" has no admin bundle mounted`, { status: 404 }));
      return;
    }
    const root = dirname(resolve(details.info.dir, admin));
    const file = ([] as string[]).concat((req.params as Record<string, string | string[]>).file).join('/');
    // Under hub dev a bundle changes without a new version: the browser asks again every time.
    res.sendFile(file, { root, dotfiles: 'deny', ...(options.dev ? { cacheControl: false, headers: { 'cache-control': 'no-cache' } } : { maxAge: '5m' }) }, (err) => {
      if (err) next(new HubError('HUB_NOT_FOUND', `No file "${file}" in the admin bundle of "${name}"`, { status: 404 }));
    });
  });
  return router;
}
