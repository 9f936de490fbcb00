// The Express 5 app over a Hub: auth, module manager API, one dispatcher for every module's
// routes, OpenAPI, metrics, the admin app. Nothing listens until listen().
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger, LoggerOptions } from 'pino';
import { HubError } from '@hub/kit';
import type { Hub } from '@hub/core';
import type { BaseServices } from '@hub/module-base';
import { createLogger } from './http/logger.js';
import { inlineScriptHashes, securityHeaders } from './http/securityHeaders.js';
import { front } from './http/front.js';
import { errorHandler, notFound } from './http/errorHandler.js';
import type { ServerRequest } from './http/types.js';
import { authenticate, TokenCache } from './auth/authenticate.js';
import { AUTH_CHANNEL, onAuthChanged } from '@hub/module-base';
import { authRouter } from './auth/authRouter.js';
import { loginRateLimit, type LoginRateLimitOptions } from './auth/loginRateLimit.js';
import { DatabaseRateLimitStore } from './auth/databaseRateLimitStore.js';
import { authRequired } from './auth/guards.js';
import { Dispatcher, instrumentResponses } from './dispatch/Dispatcher.js';
import { ModuleMounter } from './dispatch/ModuleMounter.js';
import { moduleFirst } from './dispatch/moduleFirst.js';
import { shapedMessages } from './http/shapedMessages.js';
import { ModuleMetrics } from './metrics/ModuleMetrics.js';
import { OperationRegistry } from './operations/OperationRegistry.js';
import { OperationRunner } from './operations/OperationRunner.js';
import { OperationStore } from './operations/OperationStore.js';
import { operationsRouter } from './operations/operationsRouter.js';
import { modulesRouter } from './manager/modulesRouter.js';
import { uploadRouter } from './manager/uploadRouter.js';
import { auditRouter } from './manager/auditRouter.js';
import { backupsRouter } from './manager/backupsRouter.js';
import { settingsRouter } from './manager/settingsRouter.js';
import { healthRouter } from './manager/healthRouter.js';
import { InstanceRegistry, type InstanceRegistryOptions } from './cluster/InstanceRegistry.js';
import { buildOpenApi, type ApiSection } from './openapi/buildOpenApi.js';
import { adminApp, moduleAdminFiles } from './static/staticRoutes.js';
import { DEV_EVENTS_PATH, DevEvents } from './static/devEvents.js';
import { ensureBaseInstalled, ensureSuperuser, type AdminBootstrap } from './bootstrap/ensureBase.js';

/** Token checks cached on the embedded database, where only this process changes them. */
const EMBEDDED_TOKEN_CACHE_MS = 5 * 60_000;

export interface CreateServerOptions {
  hub: Hub;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 3000; 0 picks a free one. */
  port?: number;
  /** A pino logger, or options for one (default level HUB_LOG_LEVEL or info; silent under vitest). */
  logger?: Logger | LoggerOptions;
  /** Log one line per request (pino-http). Default: on unless the logger is silent. */
  logRequests?: boolean;
  /** Folder of the built admin SPA (apps/admin/dist). A short page is served when missing. */
  adminDir?: string;
  /** Environment for MODULES__<NAME>__READ_ONLY/DRY_RUN and HUB_ADMIN_*; default the hub's env, else process.env. */
  env?: Record<string, string | undefined>;
  /** Install base and create the first superuser if needed; default true. */
  bootstrap?: boolean;
  /** First superuser (default HUB_ADMIN_EMAIL / HUB_ADMIN_PASSWORD, else admin@hub.local and a generated password). */
  admin?: { email?: string; password?: string };
  loginRateLimit?: LoginRateLimitOptions;
  /** Express "trust proxy" setting; default false. */
  trustProxy?: boolean | number | string;
  /** Operations kept in memory; default 200. */
  operationsKept?: number;
  /** How long a checked token is trusted without asking the database again, in ms; on PostgreSQL default and most
   *  1000, on the embedded database (where only this process changes tokens) default 5 minutes; 0 disables.
   *  Revocations and user/role changes clear it at once here and, through NOTIFY hub_auth, on other instances. */
  tokenCacheMs?: number;
  /** Process metrics (CPU, memory, event loop) in /metrics; default true. */
  defaultMetrics?: boolean;
  /**
   * Development (`hub dev`): refresh() mounts a module's rebuilt code even when its version did not
   * change. Otherwise such code waits for an operation on the module or a restart, and the
   * module's details say so (codeChanged).
   */
  dev?: boolean;
  /** Heartbeat of this instance in hub.instances. */
  instances?: InstanceRegistryOptions;
}

export interface HubServer {
  /** The Express app: every route, module routes included (through the dispatcher). */
  readonly app: Express;
  /** The request listener listen() serves: module requests skip the host's router. Use it to serve the hub from your own HTTP server. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly hub: Hub;
  readonly logger: Logger;
  /** What the bootstrap did about the first superuser (print `password` once when `created`). */
  readonly admin: AdminBootstrap;
  /** Set once listening. */
  url?: string;
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Stops listening and following hub changes (does not close the hub). */
  close(): Promise<void>;
  /** Re-reads installed modules and remounts (done automatically on every hub change). */
  refresh(modules?: string[]): Promise<void>;
  /** Shows a problem found outside the server (a failed build in `hub dev`) in the module's details; undefined clears it. */
  reportProblem(module: string, problem: { code: string; message: string } | undefined): void;
  /** Development: tells open admin pages that the module's admin bundle was rebuilt (they import it again); nothing otherwise. */
  adminChanged(module: string): void;
}

/** HUB_LOGIN_RATE_LIMIT: failed logins allowed per IP and email in 15 minutes (default 10). */
function loginLimitFromEnv(env: Record<string, string | undefined>): LoginRateLimitOptions | undefined {
  const n = Number(env.HUB_LOGIN_RATE_LIMIT);
  return env.HUB_LOGIN_RATE_LIMIT && Number.isInteger(n) && n > 0 ? { limit: n } : undefined;
}

const isLogger = (v: unknown): v is Logger => typeof v === 'object' && v !== null && typeof (v as Logger).child === 'function' && typeof (v as Logger).info === 'function';

export async function createServer(options: CreateServerOptions): Promise<HubServer> {
  const { hub } = options;
  const logger = isLogger(options.logger) ? options.logger : createLogger(options.logger);
  const env = options.env ?? hub.options?.env ?? process.env;
  const startedAt = Date.now();

  let baseServices: Promise<BaseServices> | undefined;
  const base = (): Promise<BaseServices> => (baseServices ??= hub.services<BaseServices>('base').catch((err) => {
    baseServices = undefined;
    throw err;
  }));

  let admin: AdminBootstrap = { created: false };
  if (options.bootstrap !== false) {
    await ensureBaseInstalled(hub, logger);
    admin = await ensureSuperuser(await base(), env, logger, options.admin);
  }

  // Token checks are cached only while this process hears about auth changes of other instances.
  // At most 1 s, so that a revocation takes effect on every instance within 1 s even when a NOTIFY
  // is missed (a dropped LISTEN connection); NOTIFY hub_auth clears it at once otherwise.
  // On the embedded database this process is the only one that can change who may do what (it
  // holds the data folder's lock), and every such change clears the cache at once (base's
  // onAuthChanged, and the end of every lifecycle operation, which may restore base's tables). A
  // long cache there keeps pages answering while an operation's transaction holds the database's
  // one connection (a slow hook), instead of every request waiting for it to commit.
  const embedded = hub.db.kind !== 'postgres';
  let tokenCacheMs = embedded ? options.tokenCacheMs ?? EMBEDDED_TOKEN_CACHE_MS : Math.min(options.tokenCacheMs ?? 1000, 1000);
  let stopAuthRemote: (() => Promise<void>) | undefined;
  const clearTokens = () => tokenCache.clear();
  try {
    stopAuthRemote = await hub.db.listen(AUTH_CHANNEL, clearTokens);
  } catch (err) {
    logger.warn({ err }, `cannot LISTEN ${AUTH_CHANNEL}: token checks are not cached`);
    tokenCacheMs = 0;
  }
  const tokenCache = new TokenCache(tokenCacheMs);
  const stopAuthLocal = onAuthChanged(clearTokens);

  const metrics = new ModuleMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  const dispatcher = new Dispatcher(logger);
  const mounter = new ModuleMounter(hub, dispatcher, metrics, logger, env, { reloadChangedCode: options.dev === true });
  // On PostgreSQL every instance can show and follow an operation another one runs (hub.operations).
  const ops = new OperationRegistry(options.operationsKept ?? 200, hub.db.kind === 'postgres'
    ? new OperationStore(hub.db, hub.instanceId ?? 'local', logger, options.instances?.aliveForMs) : undefined);


  let openapi: Record<string, unknown> | undefined;
  mounter.onRefresh(() => { openapi = undefined; });
  await mounter.refresh();
  const registry = new InstanceRegistry(hub, hub.db, hub.instanceId ?? 'local', mounter, logger, options.instances);
  await registry.start();
  if (hub.db.kind === 'postgres') void mounter.warm().catch(() => undefined);
  ops.onFinished(clearTokens);
  const runner = new OperationRunner(hub, ops, mounter, logger, registry);
  const stopFollowing = hub.onChange((event) => {
    if (event.modules.includes('base')) baseServices = undefined;
    mounter.follow(event).catch((err) => logger.error({ err }, 'remounting after a hub change failed'));
  });

  const app = express();
  instrumentResponses(app.response);
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  // Everything every request goes through (id, security headers, request log, JSON body, bearer
  // token), then the module dispatcher; host routes follow when no module matches.
  const logRequests = options.logRequests ?? (logger.level !== 'silent');
  // A published @hub/server carries the built admin in ./admin (copied at pack time), so hosts
  // made by `hub init` serve it without the private @hub/admin package.
  const bundledAdmin = fileURLToPath(new URL('../admin', import.meta.url));
  const adminDir = options.adminDir ?? (existsSync(join(bundledAdmin, 'index.html')) ? bundledAdmin : undefined);
  const frontOfEveryRequest = front({
    setSecurityHeaders: securityHeaders({ adminScriptHashes: inlineScriptHashes(adminDir && join(adminDir, 'index.html')) }),
    logRequest: logRequests ? pinoHttp({
      logger,
      genReqId: (req) => (req as ServerRequest).requestId ?? '',
      customProps: (req) => ((req as ServerRequest).hubModule ? { module: (req as ServerRequest).hubModule } : {}),
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
      // No headers (tokens), and no token in the URL of an event stream.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/access_token=[^&]*/, 'access_token=***') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }) : undefined,
    parseJson: express.json({ limit: '1mb' }),
    authenticate: authenticate({ base, cache: tokenCache, skip: ['/api/v1/auth/login'], queryTokenPattern: /^\/api\/v1\/operations\/[^/]+\/events$/ }),
  });
  app.use(frontOfEveryRequest, dispatcher.middleware);

  const hostRouters = {
    auth: authRouter(base, loginRateLimit(options.loginRateLimit ?? loginLimitFromEnv(env), new DatabaseRateLimitStore(hub.db))),
    upload: uploadRouter(hub),
    modules: modulesRouter({ hub, mounter, dispatcher, runner, metrics, env }),
    operations: operationsRouter(ops),
    audit: auditRouter(hub),
    backups: backupsRouter(hub),
    settings: settingsRouter(hub, mounter, env),
    health: healthRouter(hub, dispatcher, mounter, registry, startedAt),
  };
  app.use('/api/v1/auth', hostRouters.auth);
  app.use('/api/v1/modules/upload', hostRouters.upload);
  app.use('/api/v1/modules', hostRouters.modules);
  app.use('/api/v1/operations', hostRouters.operations);
  app.use('/api/v1/audit', hostRouters.audit);
  app.use('/api/v1/backups', hostRouters.backups);
  app.use('/api/v1/settings', hostRouters.settings);
  app.use('/api/v1/health', hostRouters.health);

  const hostSections: ApiSection[] = [
    { prefix: '/api/v1/auth', routers: [hostRouters.auth], tags: ['Auth'] },
    { prefix: '/api/v1/modules/upload', routers: [hostRouters.upload], tags: ['Modules'] },
    { prefix: '/api/v1/modules', routers: [hostRouters.modules], tags: ['Modules'] },
    { prefix: '/api/v1/operations', routers: [hostRouters.operations], tags: ['Operations'] },
    { prefix: '/api/v1/audit', routers: [hostRouters.audit], tags: ['Audit'] },
    { prefix: '/api/v1/backups', routers: [hostRouters.backups], tags: ['Backups'] },
    { prefix: '/api/v1/settings', routers: [hostRouters.settings], tags: ['Settings'] },
    { prefix: '/api/v1/health', routers: [hostRouters.health], tags: ['Health'] },
  ];
  const document = () => {
    if (openapi) return openapi;
    const moduleSections: ApiSection[] = dispatcher.modules().map((m) => ({
      prefix: m.prefix, tags: m.tags, module: m.name,
      routers: [...m.overrides.map((o) => o.router), ...(m.router ? [m.router] : [])],
    }));
    const descriptions: Record<string, string> = {
      Auth: 'Login, logout and API tokens', Modules: 'The module manager', Operations: 'Lifecycle operations and their progress',
      Audit: 'Log of lifecycle operations', Backups: 'Backups of all modules', Settings: "Modules' resolved config and switches", Health: 'Liveness',
    };
    for (const m of dispatcher.modules()) {
      const summary = mounter.definition(m.name)?.summary;
      if (summary) for (const t of m.tags) descriptions[t] ??= summary;
    }
    return (openapi = buildOpenApi({ title: 'Hub API', version: hub.kitVersion ?? '0', description: 'Host API and the routes of every mounted module, grouped by module tag.' },
      [...hostSections, ...moduleSections], descriptions));
  };
  app.get('/api/openapi.json', (_req, res) => { res.json(document()); });
  // The docs UI is loaded on first use (it is a large package; start-up does not need it).
  let docsUi: Promise<express.Router> | undefined;
  app.use('/api/docs', (req, res, next) => {
    docsUi ??= import('swagger-ui-express').then(({ default: swaggerUi }) => {
      const ui = express.Router();
      const opts = { swaggerOptions: { url: '/api/openapi.json', persistAuthorization: true } };
      ui.use(swaggerUi.serveFiles(undefined, opts), swaggerUi.setup(undefined, { ...opts, customSiteTitle: 'Hub API' }));
      return ui;
    });
    docsUi.then((ui) => ui(req, res, next), next);
  });

  // Prometheus: from loopback without a proxy header, or with a superuser token.
  app.get('/metrics', async (req: ServerRequest, res: Response, next: NextFunction) => {
    const ip = req.socket.remoteAddress ?? '';
    const loopback = (ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1') && req.headers['x-forwarded-for'] === undefined;
    if (!loopback && !req.hubUser) return next(authRequired());
    if (!loopback && !req.hubUser!.isSuperuser) return next(new HubError('HUB_SUPERUSER_REQUIRED', 'Only a superuser may read metrics', { status: 403 }));
    try {
      res.setHeader('content-type', metrics.contentType);
      res.send(await metrics.text());
    } catch (err) { next(err); }
  });

  const devEvents = options.dev ? new DevEvents() : undefined;
  if (devEvents) app.get(DEV_EVENTS_PATH, devEvents.handler);
  app.use('/modules', moduleAdminFiles(mounter, { dev: options.dev }));
  app.use('/admin', adminApp(adminDir, { devEvents: devEvents && DEV_EVENTS_PATH }));
  app.get('/', (_req, res) => res.redirect('/admin/'));
  const onError = errorHandler(logger);
  app.use(notFound);
  app.use(onError);
  const shaped = shapedMessages(app);
  const handler = moduleFirst({ app, dispatcher, front: frontOfEveryRequest, notFound, errorHandler: onError });

  let server: Server | undefined;
  const result: HubServer = {
    app, handler, hub, logger, admin,
    async listen() {
      const host = options.host ?? '127.0.0.1';
      server = createHttpServer({ IncomingMessage: shaped.IncomingMessage, ServerResponse: shaped.ServerResponse }, handler);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(options.port ?? 3000, host, () => { server!.off('error', reject); resolve(); });
      });
      const { port } = server.address() as AddressInfo;
      result.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      logger.info({ url: result.url }, `hub listening on ${result.url}`);
      return { url: result.url, host, port };
    },
    async close() {
      stopFollowing();
      stopAuthLocal();
      devEvents?.close();
      await registry.close();
      await stopAuthRemote?.().catch(() => undefined);
      if (!server) return;
      const s = server;
      server = undefined;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    refresh: (modules) => mounter.refresh(modules),
    reportProblem: (module, problem) => mounter.report(module, problem),
    adminChanged: (module) => devEvents?.adminChanged(module),
  };
  return result;
}
