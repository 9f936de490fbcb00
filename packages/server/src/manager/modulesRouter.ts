// /api/v1/modules: the module manager (list, details, plan, lifecycle, validation, graph, schema, backups).
import { basename } from 'node:path';
import { Router } from 'express';
import { HubError, type HubModule } from '@hub/kit';
import { hostRoutes as api } from '@hub/api';
import { backupNotFound, jsonLinesOf, readManifest, type Hub, type ModuleInfo, type OperationAction, type OperationRequest, type ValidationIssue } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';
import { isOn, mergeOptions } from './flags.js';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';
import type { Dispatcher } from '../dispatch/Dispatcher.js';
import type { OperationRunner } from '../operations/OperationRunner.js';
import type { ModuleMetrics } from '../metrics/ModuleMetrics.js';
import { defaultPrefix, prefixProblem } from '../dispatch/prefixes.js';
import { readHostSwitch } from '@hub/kit';
import { MODULES_READ_PERMISSION } from '@hub/module-base';
import { visibleItem } from './visibility.js';
import type { ServerRequest } from '../http/types.js';

type LifecycleRoute = Omit<typeof api.install, 'path'> & { path: string };

export interface ManagerDeps {
  hub: Hub;
  mounter: ModuleMounter;
  dispatcher: Dispatcher;
  runner: OperationRunner;
  metrics: ModuleMetrics;
  env: Record<string, string | undefined>;
}

const tags = ['Modules'];
const describeLifecycle = 'Runs as an operation: answers when done (200) or at once with 202 and the operation id when async=true. ' +
  'plan_hash (from GET /{name}/plan) refuses with 409 if the plan changed since.';

export function adminUrl(name: string, definition: Pick<HubModule, 'admin'> | undefined): string | null {
  return definition?.admin ? `/modules/${name}/admin/${basename(definition.admin)}` : null;
}

export function modulesRouter(deps: ManagerDeps): Router {
  const { hub, mounter, dispatcher, runner, metrics, env } = deps;
  const router = Router();

  /** List items: the engine's info, whether it is mounted, and for mounted modules what the admin needs for menus. */
  const withMount = (m: ModuleInfo) => {
    const mounted = dispatcher.get(m.name);
    const definition = mounted ? mounter.definition(m.name) : undefined;
    return {
      ...m,
      loadError: m.loadError ?? mounter.problem(m.name),
      mounted: mounted !== undefined,
      ...(definition ? {
        apiPrefix: mounted!.prefix, menus: definition.menus ?? [], permissions: definition.permissions ?? [], admin: adminUrl(m.name, definition),
      } : {}),
    };
  };

  /** Route problems of a module's apiPrefix against the host's paths and other mounted modules. */
  async function routeIssues(moduleName: string): Promise<ValidationIssue[]> {
    let definition: HubModule;
    try { definition = (await hub.load(moduleName)).definition; } catch { return []; }
    const others = new Map(dispatcher.modules().filter((m) => m.name !== moduleName).map((m) => [m.prefix, m.name]));
    const problem = prefixProblem(moduleName, definition.apiPrefix ?? defaultPrefix(moduleName), others);
    return problem ? [{ category: 'route', severity: 'error', code: 'HUB_ROUTE_CONFLICT', message: problem }] : [];
  }

  /**
   * Refuses to install or enable modules whose prefix collides: the requested module and the
   * modules it needs that are not mounted yet (from discovery, without computing a plan).
   */
  const routePreflight = (request: OperationRequest) => async () => {
    const infos = new Map((await hub.list()).map((m) => [m.name, m]));
    const pending = [...request.modules];
    const seen = new Set<string>();
    while (pending.length) {
      const n = pending.pop()!;
      if (seen.has(n) || dispatcher.get(n)) continue;
      seen.add(n);
      pending.push(...(infos.get(n)?.depends ?? []));
      const issues = await routeIssues(n);
      if (issues.length) {
        throw new HubError('HUB_ROUTE_CONFLICT', issues[0].message, {
          status: 409, module: n, hint: 'Give the module another apiPrefix, or uninstall the module that holds it.',
        });
      }
    }
  };

  hostRoute(router, {
    ...api.listModules, access: 'user', tags, summary: 'List discovered modules with their state',
  }, async (req, res) => {
    const q = req.valid.query;
    const items = await hub.list({
      installedOnly: isOn(q.installed_only), applicationOnly: isOn(q.application_only), category: q.category, search: q.search,
    });
    // Users who may not read the manager see the modules they can use, with their menus.
    const user = (req as ServerRequest).hubUser;
    res.json({ items: items.map(withMount).map((item) => visibleItem(user, item)).filter((item) => item !== undefined) });
  });

  hostRoute(router, {
    ...api.graph, access: 'manager', tags, summary: 'Dependency graph and install order',
  }, async (_req, res) => {
    res.json(await hub.graph());
  });

  hostRoute(router, {
    ...api.getModule, access: 'user', tags,
    summary: 'One module: state, load error, menus, admin bundle, permissions, API prefix, request metrics',
  }, async (req, res) => {
    const info = await hub.get(req.valid.params.name);
    let definition: HubModule | undefined = mounter.definition(info.name);
    let loadError = info.loadError ?? mounter.problem(info.name);
    if (!definition && info.state === 'installed' && !loadError) {
      try { definition = (await hub.load(info.name)).definition; } catch (err) {
        const e = err as { code?: string; message?: string };
        loadError = { code: e.code ?? 'HUB_MODULE_LOAD_FAILED', message: e.message ?? String(err) };
      }
    }
    const mounted = dispatcher.get(info.name);
    // Users who may not read the manager get the details of the modules they can use only.
    const user = (req as ServerRequest).hubUser;
    const visible = visibleItem(user, {
      name: info.name, state: info.state, mounted: mounted !== undefined,
      menus: info.state === 'installed' ? definition?.menus ?? [] : [], permissions: info.state === 'installed' ? definition?.permissions ?? [] : [],
    });
    if (!visible) {
      throw new HubError('HUB_PERMISSION_DENIED', `Permission denied: the details of module "${info.name}" need ${MODULES_READ_PERMISSION}`, {
        status: 403, hint: `Reading the module manager needs a superuser or a role with "${MODULES_READ_PERMISSION}".`, details: { missing: [MODULES_READ_PERMISSION] },
      });
    }
    const mountedHash = mounter.details(info.name)?.codeHash;
    // A rebuild that kept its version is not mounted behind the operator's back: it is reported.
    const codeChanged = mountedHash && info.codeHash && mountedHash !== info.codeHash ? {
      mountedHash, diskHash: info.codeHash,
      message: `The code of "${info.name}" on disk changed but its version (${info.installedVersion ?? info.version}) did not: the code loaded before keeps serving.`,
      hint: 'Bump the version and upgrade the module (or disable and enable it, or restart the server); `hub dev` mounts rebuilds at once.',
    } : undefined;
    res.json({
      ...info,
      loadError,
      mounted: mounted !== undefined,
      ...(mountedHash ? { mountedCodeHash: mountedHash } : {}),
      ...(codeChanged ? { codeChanged } : {}),
      apiPrefix: mounted?.prefix ?? definition?.apiPrefix ?? defaultPrefix(info.name),
      tags: mounted?.tags ?? definition?.tags ?? [info.name],
      menus: visible.menus ?? [],
      permissions: info.state === 'installed' ? definition?.permissions ?? [] : [],
      admin: info.state === 'installed' ? adminUrl(info.name, definition) : null,
      readOnly: readHostSwitch(info.name, 'READ_ONLY', env),
      dryRun: readHostSwitch(info.name, 'DRY_RUN', env),
      metrics: metrics.summary(info.name),
    });
  });

  hostRoute(router, {
    ...api.plan, access: 'manager', tags,
    summary: 'Preview what an action would do (changes nothing); apply with its hash (or the 12 characters its text prints) as plan_hash',
  }, async (req, res) => {
    const { action, ...rest } = req.valid.query;
    const { options } = mergeOptions(rest, undefined);
    res.json(await hub.plan({ action, modules: [req.valid.params.name], options }));
  });

  const lifecycle = (action: OperationAction, route: LifecycleRoute, summary: string) => {
    hostRoute(router, {
      ...route, access: 'superuser', tags, summary, description: describeLifecycle,
    }, async (req, res) => {
      const { async, planHash, options } = mergeOptions(req.valid.query, req.valid.body);
      const request: OperationRequest = { action, modules: [req.valid.params.name], options };
      const mounts = action === 'install' || action === 'enable' || action === 'upgrade';
      await runner.respond(req, res, request, { async, planHash, preflight: mounts ? routePreflight(request) : undefined });
    });
  };
  lifecycle('install', api.install, 'Install a module (and the modules it needs)');
  lifecycle('upgrade', api.upgrade, 'Upgrade an installed module to the version of its code');
  lifecycle('uninstall', api.uninstall, 'Uninstall a module (drop_tables, cascade, backup)');
  lifecycle('enable', api.enable, 'Enable an installed module (mounts its routes)');
  lifecycle('disable', api.disable, 'Disable an installed module (unmounts its routes, keeps its data)');

  hostRoute(router, {
    ...api.validate, access: 'manager', tags,
    summary: 'Check a module without changing anything: dependencies, host range, schema, routes',
  }, async (req, res) => {
    const report = await hub.validate(req.valid.params.name);
    const errors = [...report.errors, ...(await routeIssues(req.valid.params.name))];
    res.json({ ...report, valid: errors.length === 0, errors });
  });

  // Schema
  hostRoute(router, {
    ...api.schemaStatus, access: 'manager', tags,
    summary: 'Whether the database matches the code, and the statements a sync would run',
  }, async (req, res) => {
    res.json(await hub.schemaStatus(req.valid.params.name));
  });

  const schemaOp = (action: OperationAction, route: LifecycleRoute, summary: string) => {
    hostRoute(router, {
      ...route, access: 'superuser', tags, summary, description: describeLifecycle,
    }, async (req, res) => {
      const { async, planHash, options } = mergeOptions(req.valid.query, req.valid.body);
      await runner.respond(req, res, { action, modules: [req.valid.params.name], options }, { async, planHash });
    });
  };
  schemaOp('sync', api.sync, 'Bring the tables in line with the code (accept_data_loss for drops)');
  schemaOp('rollback', api.rollback, 'Undo the last applied migration of the module');
  schemaOp('backup', api.backup, "Back up the module's tables");

  hostRoute(router, {
    ...api.migrations, access: 'manager', tags, summary: 'Applied migrations of the module',
  }, async (req, res) => {
    res.json({ items: await hub.migrations(req.valid.params.name) });
  });

  hostRoute(router, {
    ...api.backups, access: 'manager', tags, summary: 'Backups of the module, newest first',
  }, async (req, res) => {
    res.json({ items: await hub.backups(req.valid.params.name) });
  });

  const findBackup = async (moduleName: string, id: string) => {
    const found = (await hub.backups(moduleName)).find((b) => b.id === id);
    if (!found) throw backupNotFound({ module: moduleName, id });
    return found;
  };

  hostRoute(router, {
    ...api.downloadBackup, access: 'superuser', tags,
    summary: 'Download a backup: a .tar.gz of the backup folder (manifest.json, one COPY-format file per table), or one table as JSON lines with ?table=',
  }, async (req, res) => {
    const backup = await findBackup(req.valid.params.name, req.valid.params.id);
    const table = req.valid.query.table;
    if (table) {
      const entry = (await readManifest(backup.path)).tables.find((t) => t.table === table || t.file === table);
      if (!entry) throw new HubError('HUB_BACKUP_TABLE_NOT_FOUND', `Backup "${backup.id}" has no table "${table}"`, { status: 404, module: backup.module });
      res.setHeader('content-type', 'application/x-ndjson');
      res.setHeader('content-disposition', `attachment; filename="${basename(entry.table)}.jsonl"`);
      // Stored in COPY format; converted line by line, with backpressure, so memory stays flat.
      try {
        for await (const line of jsonLinesOf(backup.path, entry)) {
          if (!res.write(`${line}\n`)) await new Promise((resolve) => res.once('drain', resolve));
        }
        res.end();
      } catch (error) {
        res.destroy(error as Error);
      }
      return;
    }
    res.setHeader('content-type', 'application/gzip');
    res.setHeader('content-disposition', `attachment; filename="${backup.module}-${backup.id}.tar.gz"`);
    const tar = await import('tar');
    const stream = tar.c({ gzip: true, cwd: backup.path, portable: true }, ['.']);
    stream.on("error", (err: unknown) => res.destroy(err as Error));
    stream.pipe(res);
  });

  hostRoute(router, {
    ...api.restoreBackup, access: 'superuser', tags,
    summary: "Restore the module's tables from a backup", description: describeLifecycle,
  }, async (req, res) => {
    await findBackup(req.valid.params.name, req.valid.params.id);
    const { async, planHash, options } = mergeOptions(req.valid.query, req.valid.body);
    await runner.respond(req, res, { action: 'restore', modules: [req.valid.params.name], options: { ...options, backupId: req.valid.params.id } }, { async, planHash });
  });

  return router;
}
