// /admin (the admin SPA) and /modules/<name>/admin/* (module admin bundles).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import express, { Router, type NextFunction, type Response } from 'express';
import { HubError } from '@hub/kit';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';
import type { ServerRequest } from '../http/types.js';

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>Hub admin</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Hub</h1><p>The admin app is not built. Run <code>pnpm --filter @hub/admin build</code> and reload.</p>
<p>The API answers at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** Serves the SPA from adminDir with index.html for unknown paths; a short page when not built. */
export function adminApp(adminDir: string | undefined): Router {
  const router = Router();
  const index = adminDir ? join(adminDir, 'index.html') : undefined;
  if (!adminDir || !index || !existsSync(index)) {
    router.use((_req, res) => { res.status(200).type('html').send(NOT_BUILT); });
    return router;
  }
  router.use(express.static(adminDir, { index: 'index.html', dotfiles: 'ignore', maxAge: '1h' }));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/** Files of a mounted module's admin folder (the folder of its definition's `admin` entry) only. */
export function moduleAdminFiles(mounter: ModuleMounter): Router {
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
    res.sendFile(file, { root, dotfiles: 'deny', maxAge: '5m' }, (err) => {
      if (err) next(new HubError('HUB_NOT_FOUND', `No file "${file}" in the admin bundle of "${name}"`, { status: 404 }));
    });
  });
  return router;
}
