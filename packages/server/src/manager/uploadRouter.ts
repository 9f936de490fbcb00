// POST /api/v1/modules/upload: a module as a .zip or an npm-pack .tgz (multipart, one file).
// The body is streamed to a temporary file capped at the upload limit, then handed to the
// engine (hub.upload), which checks the archive, makes sure the module loads in this host and
// keeps its code in the database, from where every instance materializes it.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { Router, type NextFunction, type Response } from 'express';
import { HubError } from '@hub/kit';
import { hostRoutes as api } from '@hub/api';
import { DEFAULT_INTAKE_LIMITS, type Hub } from '@hub/core';
import { requireSuperuser } from '../auth/guards.js';
import { routeDocs } from '../http/hostRoute.js';
import type { ServerRequest } from '../http/types.js';

export interface UploadOptions {
  /** Largest accepted upload in bytes; default 50 MB (the intake's limit). */
  maxUploadBytes?: number;
}

const tooLarge = (max: number) => new HubError('HUB_ARCHIVE_TOO_LARGE', `The upload is larger than ${Math.round(max / 1024 / 1024)} MB`, {
  status: 413, hint: 'Remove what the module does not need at run time (sources, tests) and upload the built package.',
});

/** Streams the single file field of a multipart body to `dest`; returns the other fields. */
function receiveFile(req: ServerRequest, dest: string, max: number): Promise<{ fields: Record<string, string>; received: boolean }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: max, fields: 10, fieldSize: 1024 } });
    } catch {
      reject(new HubError('HUB_UPLOAD_INVALID', 'The request is not multipart/form-data', {
        status: 400, hint: 'Send the archive as a multipart form field named "file" (curl -F file=@module.zip).',
      }));
      return;
    }
    const fields: Record<string, string> = {};
    let writing: Promise<void> | undefined;
    let truncated = false;
    let files = 0;
    bb.on('field', (name, value) => { fields[name] = value; });
    bb.on('file', (_name, stream) => {
      files += 1;
      if (files > 1) { stream.resume(); return; }
      stream.on('limit', () => { truncated = true; });
      writing = pipeline(stream, createWriteStream(dest));
    });
    bb.on('error', (err) => reject(new HubError('HUB_UPLOAD_INVALID', `The multipart body could not be read: ${(err as Error).message}`, { status: 400 })));
    bb.on('close', () => {
      (writing ?? Promise.resolve()).then(() => {
        if (truncated) reject(tooLarge(max));
        else if (files > 1) reject(new HubError('HUB_UPLOAD_INVALID', 'Send exactly one file', { status: 400, hint: 'Upload one module archive per request.' }));
        else resolve({ fields, received: files === 1 });
      }, reject);
    });
    req.pipe(bb);
  });
}

export function uploadRouter(hub: Hub, options: UploadOptions = {}): Router {
  const router = Router();
  const max = options.maxUploadBytes ?? DEFAULT_INTAKE_LIMITS.maxUploadBytes;
  routeDocs(router).push({
    ...api.upload, summary: 'Upload a module archive (.zip or npm pack .tgz)', tags: ['Modules'],
    description: 'multipart/form-data with one file field "file"; replace=true replaces an uploaded module of the same name (a newer version becomes upgradable). Answers 201 once the module loads in this host and its code is kept in the database (every instance serves it); an import the host does not provide and the archive does not bundle is refused (422 HUB_UPLOAD_PACKAGE_MISSING). Superuser only.',
    ...({ access: 'superuser' } as object),
  });
  // A refused request's body is still read (and thrown away), so the client gets the answer
  // instead of a reset connection.
  const guard = (req: ServerRequest, res: Response, next: NextFunction) =>
    requireSuperuser(req, res, (err?: unknown) => { if (err) req.resume(); next(err); });
  router.post('/', guard, async (req: ServerRequest, res: Response, next: NextFunction) => {
    const dir = await mkdtemp(join(tmpdir(), 'hub-upload-'));
    try {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > max + 64 * 1024) {
        res.setHeader('connection', 'close'); // do not read a body this large just to drain it
        throw tooLarge(max);
      }
      const file = join(dir, 'archive');
      const { fields, received } = await receiveFile(req, file, max);
      if (!received) {
        throw new HubError('HUB_UPLOAD_INVALID', 'No file in the upload', { status: 400, hint: 'Send the archive in a multipart field named "file".' });
      }
      const replace = [req.query.replace, fields.replace].some((v) => v === 'true' || v === '1');
      if (!hub.upload) throw new HubError('HUB_NOT_SUPPORTED', 'This engine takes no module archives', { status: 501 });
      const result = await hub.upload(file, { replace, actor: req.hubUser?.email ?? null, limits: { maxUploadBytes: max } });
      const info = await hub.get(result.name).catch(() => undefined);
      res.status(201).json({ module: result, info });
    } catch (err) {
      next(err);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return router;
}
