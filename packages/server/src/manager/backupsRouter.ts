// /api/v1/backups: every backup across modules (who took it and why, rows, size on disk), the plan
// of restoring one, and deleting one. Download and restore itself are /api/v1/modules/schema/...
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Router } from 'express';
import { hostRoutes as api, type BackupRow } from '@hub/api';
import type { BackupInfo, Hub } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';

const tags = ['Backups'];

/** Why a backup exists, from the action that took it ("uninstall (operation x)" → uninstall). */
export function backupWhy(reason: string): { why: string; operationId: string | null } {
  const m = /^(\w+) \(operation ([^)]+)\)$/.exec(reason);
  const action = m?.[1] ?? reason;
  const why = action === 'backup' ? 'manual' : action === 'upgrade' || action === 'sync' ? 'data loss' : action;
  return { why, operationId: m?.[2] ?? null };
}

async function folderBytes(path: string): Promise<number | null> {
  try {
    const files = await readdir(path);
    const sizes = await Promise.all(files.map((f) => stat(join(path, f)).then((s) => (s.isFile() ? s.size : 0), () => 0)));
    return sizes.reduce((a, b) => a + b, 0);
  } catch {
    return null; // the folder is gone (or on another instance's disk)
  }
}

export function backupsRouter(hub: Hub): Router {
  const router = Router();

  hostRoute(router, {
    ...api.allBackups, access: 'manager', tags, summary: 'All backups of all modules, newest first: tables, rows, size, who took them and why',
  }, async (req, res) => {
    const backups = (await hub.backups(req.valid.query.module)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    // Who: the actor of the audited operation that took the backup.
    const actors = new Map((await hub.audit({ limit: 1000 })).filter((a) => a.operationId).map((a) => [a.operationId!, a.actor]));
    const items = await Promise.all(backups.map(async (b: BackupInfo): Promise<BackupRow> => {
      const { why, operationId } = backupWhy(b.reason);
      return {
        id: b.id, module: b.module, createdAt: b.createdAt, reason: b.reason, why, operationId,
        actor: operationId ? actors.get(operationId) ?? null : null,
        tables: b.tables.map((t) => ({ table: t.table, rows: t.rows })),
        rows: b.tables.reduce((n, t) => n + t.rows, 0),
        bytes: await folderBytes(b.path),
        links: {
          download: `/api/v1/modules/schema/${b.module}/backups/${encodeURIComponent(b.id)}/download`,
          restore: `/api/v1/modules/schema/${b.module}/backups/${encodeURIComponent(b.id)}/restore`,
          plan: `/api/v1/backups/${b.module}/${encodeURIComponent(b.id)}/plan`,
        },
      };
    }));
    res.json({ items });
  });

  hostRoute(router, {
    ...api.restorePlan, access: 'manager', tags,
    summary: 'What restoring this backup would do (changes nothing); restore with its hash as plan_hash',
  }, async (req, res) => {
    res.json(await hub.plan({ action: 'restore', modules: [req.valid.params.module], options: { backupId: req.valid.params.id } }));
  });

  hostRoute(router, {
    ...api.deleteBackup, access: 'superuser', tags,
    summary: 'Delete a backup (its folder and its record)',
  }, async (req, res) => {
    await hub.deleteBackup(req.valid.params.module, req.valid.params.id);
    res.status(204).end();
  });

  return router;
}
