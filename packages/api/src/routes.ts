// Every host route: method, path, the schemas of its request and of its answer. The server
// declares its routes from this table (and validates requests with it), the OpenAPI document is
// built from it, and the client sends requests and reads answers with it.
import { z } from 'zod';
import { nameParams } from './schemas/common.js';
import {
  createTokenAnswer, createTokenBody, loginAnswer, loginBody, meAnswer, tokenParams, tokensAnswer, tokensQuery,
} from './schemas/auth.js';
import {
  graphAnswer, listModulesAnswer, listModulesQuery, moduleDetail, uploadAnswer, uploadQuery, validationAnswer,
} from './schemas/modules.js';
import { lifecycleOptions, plan, planQuery } from './schemas/plans.js';
import { backupDownloadQuery, backupParams, backupsAnswer, migrationsAnswer, schemaStatusAnswer } from './schemas/schema.js';
import { operation, operationAnswer, operationParams, operationsAnswer } from './schemas/operations.js';
import { auditAnswer, auditQuery } from './schemas/audit.js';
import { healthAnswer } from './schemas/health.js';
import { allBackupsAnswer, allBackupsQuery, backupRowParams, settingsAnswer } from './schemas/backoffice.js';

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

const route = <const R extends HostApiRoute>(r: R): R => r;

const AUTH = '/api/v1/auth';
const MODULES = '/api/v1/modules';
const OPERATIONS = '/api/v1/operations';
const BACKUPS = '/api/v1/backups';

const lifecycle = <const P extends string>(path: P) => route({
  method: 'post', prefix: MODULES, path, params: nameParams, query: lifecycleOptions, body: lifecycleOptions,
  response: operationAnswer, status: 200, alsoStatuses: [202], answer: 'json',
});

export const hostRoutes = {
  // Auth
  login: route({ method: 'post', prefix: AUTH, path: '/login', body: loginBody, response: loginAnswer, status: 200, answer: 'json' }),
  logout: route({ method: 'post', prefix: AUTH, path: '/logout', status: 204, answer: 'empty' }),
  me: route({ method: 'get', prefix: AUTH, path: '/me', response: meAnswer, status: 200, answer: 'json' }),
  listTokens: route({ method: 'get', prefix: AUTH, path: '/tokens', query: tokensQuery, response: tokensAnswer, status: 200, answer: 'json' }),
  createToken: route({ method: 'post', prefix: AUTH, path: '/tokens', body: createTokenBody, response: createTokenAnswer, status: 201, answer: 'json' }),
  revokeToken: route({ method: 'delete', prefix: AUTH, path: '/tokens/:id', params: tokenParams, status: 204, answer: 'empty' }),

  // Modules (the manager)
  upload: route({ method: 'post', prefix: `${MODULES}/upload`, path: '/', query: uploadQuery, multipart: true, response: uploadAnswer, status: 201, answer: 'json' }),
  listModules: route({ method: 'get', prefix: MODULES, path: '/', query: listModulesQuery, response: listModulesAnswer, status: 200, answer: 'json' }),
  graph: route({ method: 'get', prefix: MODULES, path: '/graph', response: graphAnswer, status: 200, answer: 'json' }),
  getModule: route({ method: 'get', prefix: MODULES, path: '/:name', params: nameParams, response: moduleDetail, status: 200, answer: 'json' }),
  plan: route({ method: 'get', prefix: MODULES, path: '/:name/plan', params: nameParams, query: planQuery, response: plan, status: 200, answer: 'json' }),
  install: lifecycle('/install/:name'),
  upgrade: lifecycle('/upgrade/:name'),
  uninstall: lifecycle('/uninstall/:name'),
  enable: lifecycle('/:name/enable'),
  disable: lifecycle('/:name/disable'),
  validate: route({ method: 'post', prefix: MODULES, path: '/validate/:name', params: nameParams, response: validationAnswer, status: 200, answer: 'json' }),

  // Schema and backups
  schemaStatus: route({ method: 'get', prefix: MODULES, path: '/schema/:name/status', params: nameParams, response: schemaStatusAnswer, status: 200, answer: 'json' }),
  sync: lifecycle('/schema/:name/sync'),
  rollback: lifecycle('/schema/:name/rollback'),
  backup: lifecycle('/schema/:name/backup'),
  migrations: route({ method: 'get', prefix: MODULES, path: '/schema/:name/migrations', params: nameParams, response: migrationsAnswer, status: 200, answer: 'json' }),
  backups: route({ method: 'get', prefix: MODULES, path: '/schema/:name/backups', params: nameParams, response: backupsAnswer, status: 200, answer: 'json' }),
  downloadBackup: route({ method: 'get', prefix: MODULES, path: '/schema/:name/backups/:id/download', params: backupParams, query: backupDownloadQuery, status: 200, answer: 'file' }),
  restoreBackup: { ...lifecycle('/schema/:name/backups/:id/restore'), params: backupParams },

  // Back office: every backup across modules, and the modules' resolved settings
  allBackups: route({ method: 'get', prefix: BACKUPS, path: '/', query: allBackupsQuery, response: allBackupsAnswer, status: 200, answer: 'json' }),
  restorePlan: route({ method: 'get', prefix: BACKUPS, path: '/:module/:id/plan', params: backupRowParams, response: plan, status: 200, answer: 'json' }),
  deleteBackup: route({ method: 'delete', prefix: BACKUPS, path: '/:module/:id', params: backupRowParams, status: 204, answer: 'empty' }),
  settings: route({ method: 'get', prefix: '/api/v1/settings', path: '/', response: settingsAnswer, status: 200, answer: 'json' }),

  // Operations
  listOperations: route({ method: 'get', prefix: OPERATIONS, path: '/', response: operationsAnswer, status: 200, answer: 'json' }),
  getOperation: route({ method: 'get', prefix: OPERATIONS, path: '/:id', params: operationParams, response: operation, status: 200, answer: 'json' }),
  operationEvents: route({ method: 'get', prefix: OPERATIONS, path: '/:id/events', params: operationParams, status: 200, answer: 'events' }),

  // Audit, health
  audit: route({ method: 'get', prefix: '/api/v1/audit', path: '/', query: auditQuery, response: auditAnswer, status: 200, answer: 'json' }),
  health: route({ method: 'get', prefix: '/api/v1/health', path: '/', response: healthAnswer, status: 200, alsoStatuses: [503], answer: 'json' }),
} as const satisfies Record<string, HostApiRoute>;

export type HostRoutes = typeof hostRoutes;
export type RouteName = keyof HostRoutes;

/** The route's full Express path, e.g. "/api/v1/modules/:name/plan" ("/api/v1/health" for the prefix itself). */
export function fullPath(r: Pick<HostApiRoute, 'prefix' | 'path'>): string {
  return r.path === '/' ? r.prefix : r.prefix + r.path;
}

/** Path parameters of the route (":name" -> "name"). */
export function pathParams(r: Pick<HostApiRoute, 'prefix' | 'path'>): string[] {
  return [...fullPath(r).matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}
