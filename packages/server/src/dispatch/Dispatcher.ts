// One middleware in front of every module: a Map from API prefix to mounted module, looked up by
// longest prefix per request. Mounting and unmounting swap the Map at once: no Express stack is
// rebuilt, requests in flight finish on the table they started with.
import type { NextFunction, Response, Router } from 'express';
import { HubError, hasPermission } from '@hub/kit';
import type { Logger } from 'pino';
import { tagModuleError } from '../http/errorHandler.js';
import type { ServerRequest } from '../http/types.js';
import type { ModuleStats } from '../metrics/ModuleMetrics.js';
import { LOGIN_ONLY, routeAccess, type RouteAccess } from './routeAccess.js';

export interface MountedModule {
  name: string;
  version: string;
  /** Absolute path prefix, e.g. /api/v1/contacts. */
  prefix: string;
  tags: string[];
  /** The module's own router (absent when it declares no routes). */
  router?: Router;
  /** Routers of modules that override this one, tried first, in dependency order. */
  overrides: { module: string; router: Router }[];
  stats: ModuleStats;
  readOnly: boolean;
  dryRun: boolean;
  /**
   * Set when this instance's code of the module may not serve the database's version (see
   * versionSkew in @hub/core): its prefix answers 503 HUB_MODULE_VERSION_SKEW, it counts as not mounted.
   */
  fence?: { message: string; codeVersion: string; databaseVersion: string };
  /** Whether any of its routers (own or overrides) names a permission or has a public route (see routerFacts). */
  namesPermissions?: boolean;
  hasPublicRoutes?: boolean;
}

export interface ModuleHit {
  module: MountedModule;
  /** Where the module's prefix ends in the path. */
  end: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type TimedResponse = Response & { hubStats?: ModuleStats; hubStarted?: number };

/**
 * Makes every response of `app` report to its module's stats when it ends. Done once on the app's
 * response prototype, so module requests need no 'finish' listener (they are the hot path).
 */
export function instrumentResponses(responsePrototype: object): void {
  const proto = responsePrototype as { end: (...args: unknown[]) => unknown };
  const end = proto.end;
  proto.end = function endAndObserve(this: TimedResponse, ...args: unknown[]) {
    const stats = this.hubStats;
    if (stats !== undefined) {
      this.hubStats = undefined;
      stats.observe(this.req.method, this.statusCode, (performance.now() - this.hubStarted!) / 1000);
    }
    return end.apply(this, args);
  };
}

export class Dispatcher {
  private table = new Map<string, MountedModule>();
  private byName = new Map<string, MountedModule>();
  private maxDepth = 0;
  private draining = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /** Modules taken out of service while a change on them runs: they answer 503 with Retry-After. */
  isDraining(name: string): boolean {
    return this.draining.has(name);
  }

  /** Replaces every mount (and the set of draining modules) at once. */
  setModules(modules: MountedModule[], draining: Set<string> = new Set()): void {
    this.draining = draining;
    const table = new Map<string, MountedModule>();
    const byName = new Map<string, MountedModule>();
    let maxDepth = 0;
    for (const m of modules) {
      table.set(m.prefix, m);
      if (!m.fence) byName.set(m.name, m);
      maxDepth = Math.max(maxDepth, m.prefix.split('/').length - 1);
    }
    this.table = table;
    this.byName = byName;
    this.maxDepth = maxDepth;
  }

  /** Replaces the set of draining modules only (a drain change leaves every mount as it is). */
  setDraining(draining: Set<string>): void {
    this.draining = draining;
  }

  /** Takes modules out of service at once: their prefixes, and their overrides of other modules. */
  unmount(names: Set<string>): void {
    const left = [...this.table.values()].filter((m) => !names.has(m.name))
      .map((m) => (m.overrides.some((o) => names.has(o.module)) ? { ...m, overrides: m.overrides.filter((o) => !names.has(o.module)) } : m));
    this.setModules(left, this.draining);
  }

  modules(): MountedModule[] {
    return [...this.byName.values()];
  }

  get(name: string): MountedModule | undefined {
    return this.byName.get(name);
  }

  /** The module whose prefix is the longest one that `path` starts with (segment-wise), and where it ends. */
  lookup(path: string): ModuleHit | undefined {
    const table = this.table;
    if (table.size === 0) return undefined;
    let end = path.length;
    let depth = 0;
    for (let i = 0; i < path.length; i++) {
      if (path.charCodeAt(i) === 47 && ++depth > this.maxDepth) { end = i; break; }
    }
    while (end > 0) {
      const module = table.get(end === path.length ? path : path.slice(0, end));
      if (module) return { module, end };
      end = path.lastIndexOf('/', end - 1);
    }
    return undefined;
  }

  /** The mounted module a request URL (path and query) goes to, or undefined. */
  match(url: string): ModuleHit | undefined {
    const q = url.indexOf('?');
    return this.lookup(q === -1 ? url : url.slice(0, q));
  }

  /** The Express middleware: a module's request goes to it, anything else to `next`. */
  readonly middleware = (req: ServerRequest, res: Response, next: NextFunction): void => {
    const hit = this.match(req.url);
    if (hit) this.handle(hit, req, res, next);
    else next();
  };

  /**
   * Runs a request through the module of `hit` (from match() on this request's URL): its overrides,
   * then its own router, with the URL made relative to its prefix. `next` gets what no router answered.
   */
  handle(hit: ModuleHit, req: ServerRequest, res: Response, next: NextFunction): void {
    const url = req.url;
    const m = hit.module;
    req.hubModule = m.name;
    if (this.draining.size !== 0 && this.draining.has(m.name)) {
      // A change that removes something runs on this module (or one that extends it): a clean,
      // retryable answer instead of a request against a schema that is going away.
      // Answered here, not through the error handler: an expected, short state, not an error to log.
      res.setHeader('retry-after', '1');
      res.status(503).json({
        error: `Module "${m.name}" is being changed; retry in a moment`, code: 'HUB_MODULE_CHANGING', module: m.name,
        hint: 'Retry after the seconds in the Retry-After header.', requestId: req.requestId,
      });
      return;
    }
    if (m.fence) {
      // This instance's code of the module does not match the database: never run it silently.
      res.status(503).json({
        error: m.fence.message, code: 'HUB_MODULE_VERSION_SKEW', module: m.name, requestId: req.requestId,
        hint: 'Deploy the module version the database has on this instance (GET /api/v1/health lists each instance\'s versions), or upgrade the database to this code.',
        details: { codeVersion: m.fence.codeVersion, databaseVersion: m.fence.databaseVersion },
      });
      return;
    }
    // Observed when the answer ends (see instrumentResponses): no listener per request.
    const timed = res as TimedResponse;
    timed.hubStats = m.stats;
    timed.hubStarted = performance.now();

    // Host-enforced order: authentication, permission, then the READ_ONLY / DRY_RUN switches,
    // then the module's routers. No switch answers a request the checks before it refuse.
    const refused = this.refusal(m, req, url.slice(hit.end));
    if (refused) {
      next(refused);
      return;
    }
    if (!SAFE_METHODS.has(req.method)) {
      if (m.readOnly) {
        next(new HubError('HUB_MODULE_READ_ONLY', `Module "${m.name}" is read-only on this host`, {
          status: 403, module: m.name, hint: `Unset MODULES__${m.name.toUpperCase()}__READ_ONLY and restart the host to allow changes.`,
        }));
        return;
      }
      if (m.dryRun) {
        this.dryRun(m, req, res);
        return;
      }
    }

    const rest = url.slice(hit.end);
    const savedUrl = req.url;
    const savedBase = req.baseUrl;
    req.url = rest === '' ? '/' : rest.charCodeAt(0) === 63 /* ? */ ? '/' + rest : rest;
    req.baseUrl = savedBase + m.prefix;
    const chain = m.overrides;
    let i = 0;
    let current = m.name;
    const step = (err?: unknown): void => {
      if (err === 'router' || err === 'route') err = undefined;
      if (err !== undefined && err !== null) {
        req.url = savedUrl;
        req.baseUrl = savedBase;
        next(tagModuleError(err, current));
        return;
      }
      let router: Router | undefined;
      if (i < chain.length) { current = chain[i].module; router = chain[i++].router; }
      else if (i === chain.length) { current = m.name; router = m.router; i++; }
      if (!router) {
        req.url = savedUrl;
        req.baseUrl = savedBase;
        next();
        return;
      }
      try {
        router(req, res, step);
      } catch (e) {
        step(e ?? new Error('thrown'));
      }
    };
    step();
  }

  /**
   * Why the host refuses this request before the module sees it (401, 403), or undefined. The
   * route's declaration is looked up only when it can change the answer: a superuser passes
   * every permission, and a module without public routes refuses every anonymous request.
   */
  private refusal(m: MountedModule, req: ServerRequest, rest: string): HubError | undefined {
    const user = req.hubUser;
    if (user?.isSuperuser) return undefined;
    if (!user && !m.hasPublicRoutes) return authRequired(m.name);
    if (user && !m.namesPermissions) return undefined;
    const access = this.accessOf(m, req.method, rest);
    if (access.public) return undefined;
    if (!user) return authRequired(m.name);
    const missing = access.permissions.filter((p) => !hasPermission(user, p));
    if (missing.length === 0) return undefined;
    return new HubError('HUB_PERMISSION_DENIED', `Permission denied: needs ${missing.join(', ')}`, {
      status: 403, module: m.name, hint: 'Ask an administrator to give your role this permission.', details: { missing },
    });
  }

  /** The access the route that would answer needs; `rest` is the URL after the module's prefix. */
  accessOf(m: MountedModule, method: string, rest: string): RouteAccess {
    const q = rest.indexOf('?');
    let path = q === -1 ? rest : rest.slice(0, q);
    if (path === '' || path.charCodeAt(0) !== 47) path = '/' + path;
    const routers: Router[] = [];
    for (const o of m.overrides) routers.push(o.router);
    if (m.router) routers.push(m.router);
    return routers.length ? routeAccess(routers, method, path) : LOGIN_ONLY;
  }

  /** DRY_RUN: the handler is not called; the request is logged and answered, nothing written. */
  private dryRun(m: MountedModule, req: ServerRequest, res: Response): void {
    const body = req.body ?? null;
    const path = req.originalUrl;
    (req.log ?? this.logger).info({ module: m.name, method: req.method, path, body, user: req.hubUser?.email ?? null }, `DRY_RUN: would ${req.method} ${path} ${JSON.stringify(body)}`);
    res.status(200).json({ dryRun: true, module: m.name, method: req.method, path, body });
  }
}

const authRequired = (module: string) => new HubError('HUB_AUTH_REQUIRED', 'Authentication required', {
  status: 401, module, hint: 'Send "Authorization: Bearer <token>" (POST /api/v1/auth/login gives one); only routes the module declares public answer without.',
});
