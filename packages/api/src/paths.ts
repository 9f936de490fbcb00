// Every host route's method, path and kind of answer, without its schemas: what a client needs to
// send a request. routes.ts joins the schemas to it (hostRoutes); lite.ts builds a client on this
// table alone, so a browser bundle can use the typed client without zod.
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What a successful answer is: JSON (checked against `response`), nothing (204), a file
 * download, server-sent events, or plain text.
 */
export type AnswerKind = 'json' | 'empty' | 'file' | 'events' | 'text';

export interface HostApiRoute {
  method: HttpMethod;
  /** Where the server mounts the route's router. */
  prefix: string;
  /** Express path under the prefix, e.g. "/:name/plan". */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The JSON body sent with multipart/form-data (upload) instead of `body`. */
  multipart?: true;
  response?: z.ZodType;
  /** Status of a successful answer. */
  status: number;
  /** Other statuses answered with `response` (202 of async operations, 503 of health). */
  alsoStatuses?: readonly number[];
  answer: AnswerKind;
}

/** A route without its schemas. */
export type RoutePath = Omit<HostApiRoute, 'params' | 'query' | 'body' | 'response'>;

const route = <const R extends RoutePath>(r: R): R => r;

const AUTH = '/api/v1/auth';
const MODULES = '/api/v1/modules';
const OPERATIONS = '/api/v1/operations';
const BACKUPS = '/api/v1/backups';

/** A lifecycle POST: 200 when done, 202 with async=true. */
const lifecycle = <const P extends string>(path: P) => route({ method: 'post', prefix: MODULES, path, status: 200, alsoStatuses: [202], answer: 'json' });

export const routePaths = {
  // Auth
  login: route({ method: 'post', prefix: AUTH, path: '/login', status: 200, answer: 'json' }),
  logout: route({ method: 'post', prefix: AUTH, path: '/logout', status: 204, answer: 'empty' }),
  me: route({ method: 'get', prefix: AUTH, path: '/me', status: 200, answer: 'json' }),
  listTokens: route({ method: 'get', prefix: AUTH, path: '/tokens', status: 200, answer: 'json' }),
  createToken: route({ method: 'post', prefix: AUTH, path: '/tokens', status: 201, answer: 'json' }),
  revokeToken: route({ method: 'delete', prefix: AUTH, path: '/tokens/:id', status: 204, answer: 'empty' }),

  // Modules (the manager)
  upload: route({ method: 'post', prefix: `${MODULES}/upload`, path: '/', multipart: true, status: 201, answer: 'json' }),
  listModules: route({ method: 'get', prefix: MODULES, path: '/', status: 200, answer: 'json' }),
  graph: route({ method: 'get', prefix: MODULES, path: '/graph', status: 200, answer: 'json' }),
  getModule: route({ method: 'get', prefix: MODULES, path: '/:name', status: 200, answer: 'json' }),
  plan: route({ method: 'get', prefix: MODULES, path: '/:name/plan', status: 200, answer: 'json' }),
  install: lifecycle('/install/:name'),
  upgrade: lifecycle('/upgrade/:name'),
  uninstall: lifecycle('/uninstall/:name'),
  enable: lifecycle('/:name/enable'),
  disable: lifecycle('/:name/disable'),
  validate: route({ method: 'post', prefix: MODULES, path: '/validate/:name', status: 200, answer: 'json' }),

  // Schema and backups
  schemaStatus: route({ method: 'get', prefix: MODULES, path: '/schema/:name/status', status: 200, answer: 'json' }),
  sync: lifecycle('/schema/:name/sync'),
  rollback: lifecycle('/schema/:name/rollback'),
  backup: lifecycle('/schema/:name/backup'),
  migrations: route({ method: 'get', prefix: MODULES, path: '/schema/:name/migrations', status: 200, answer: 'json' }),
  backups: route({ method: 'get', prefix: MODULES, path: '/schema/:name/backups', status: 200, answer: 'json' }),
  downloadBackup: route({ method: 'get', prefix: MODULES, path: '/schema/:name/backups/:id/download', status: 200, answer: 'file' }),
  restoreBackup: lifecycle('/schema/:name/backups/:id/restore'),

  // Back office: every backup across modules, and the modules' resolved settings
  allBackups: route({ method: 'get', prefix: BACKUPS, path: '/', status: 200, answer: 'json' }),
  restorePlan: route({ method: 'get', prefix: BACKUPS, path: '/:module/:id/plan', status: 200, answer: 'json' }),
  deleteBackup: route({ method: 'delete', prefix: BACKUPS, path: '/:module/:id', status: 204, answer: 'empty' }),
  settings: route({ method: 'get', prefix: '/api/v1/settings', path: '/', status: 200, answer: 'json' }),

  // Operations
  listOperations: route({ method: 'get', prefix: OPERATIONS, path: '/', status: 200, answer: 'json' }),
  getOperation: route({ method: 'get', prefix: OPERATIONS, path: '/:id', status: 200, answer: 'json' }),
  operationEvents: route({ method: 'get', prefix: OPERATIONS, path: '/:id/events', status: 200, answer: 'events' }),

  // Audit, health
  audit: route({ method: 'get', prefix: '/api/v1/audit', path: '/', status: 200, answer: 'json' }),
  health: route({ method: 'get', prefix: '/api/v1/health', path: '/', status: 200, alsoStatuses: [503], answer: 'json' }),
} as const satisfies Record<string, RoutePath>;

export type RouteName = keyof typeof routePaths;

/** The route's full Express path, e.g. "/api/v1/modules/:name/plan" ("/api/v1/health" for the prefix itself). */
export function fullPath(r: Pick<HostApiRoute, 'prefix' | 'path'>): string {
  return r.path === '/' ? r.prefix : r.prefix + r.path;
}

/** Path parameters of the route (":name" -> "name"). */
export function pathParams(r: Pick<HostApiRoute, 'prefix' | 'path'>): string[] {
  return [...fullPath(r).matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}
