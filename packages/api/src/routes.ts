// Every host route with the schemas of its request and of its answer: the paths of paths.ts joined
// with the schemas below. The server declares its routes from this table (and validates requests
// with it), the OpenAPI document is built from it, and the client checks answers with it.
import type { z } from 'zod';
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
import { routePaths, type HostApiRoute, type RouteName } from './paths.js';

export { fullPath, pathParams, routePaths, type AnswerKind, type HostApiRoute, type HttpMethod, type RouteName, type RoutePath } from './paths.js';

/** The schemas of one route's request and answer. */
type RouteSchemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; response?: z.ZodType };

const lifecycle = { params: nameParams, query: lifecycleOptions, body: lifecycleOptions, response: operationAnswer } as const;

const schemas = {
  // Auth
  login: { body: loginBody, response: loginAnswer },
  logout: {},
  me: { response: meAnswer },
  listTokens: { query: tokensQuery, response: tokensAnswer },
  createToken: { body: createTokenBody, response: createTokenAnswer },
  revokeToken: { params: tokenParams },

  // Modules (the manager)
  upload: { query: uploadQuery, response: uploadAnswer },
  listModules: { query: listModulesQuery, response: listModulesAnswer },
  graph: { response: graphAnswer },
  getModule: { params: nameParams, response: moduleDetail },
  plan: { params: nameParams, query: planQuery, response: plan },
  install: lifecycle,
  upgrade: lifecycle,
  uninstall: lifecycle,
  enable: lifecycle,
  disable: lifecycle,
  validate: { params: nameParams, response: validationAnswer },

  // Schema and backups
  schemaStatus: { params: nameParams, response: schemaStatusAnswer },
  sync: lifecycle,
  rollback: lifecycle,
  backup: lifecycle,
  migrations: { params: nameParams, response: migrationsAnswer },
  backups: { params: nameParams, response: backupsAnswer },
  downloadBackup: { params: backupParams, query: backupDownloadQuery },
  restoreBackup: { ...lifecycle, params: backupParams },

  // Back office
  allBackups: { query: allBackupsQuery, response: allBackupsAnswer },
  restorePlan: { params: backupRowParams, response: plan },
  deleteBackup: { params: backupRowParams },
  settings: { response: settingsAnswer },

  // Operations
  listOperations: { response: operationsAnswer },
  getOperation: { params: operationParams, response: operation },
  operationEvents: { params: operationParams },

  // Audit, health
  audit: { query: auditQuery, response: auditAnswer },
  health: { response: healthAnswer },
} as const satisfies Record<RouteName, RouteSchemas>;

type Paths = typeof routePaths;
type Schemas = typeof schemas;
export type HostRoutes = { [N in RouteName]: Paths[N] & Schemas[N] };

export const hostRoutes = Object.fromEntries(
  (Object.keys(routePaths) as RouteName[]).map((name) => [name, { ...routePaths[name], ...schemas[name] }]),
) as HostRoutes satisfies Record<RouteName, HostApiRoute>;
