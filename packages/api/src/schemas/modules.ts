import { z } from 'zod';
import { flag, listOf, moduleName, timestamp } from './common.js';

export const moduleState = z.enum(['available', 'installed', 'uninstalled']);

/** Why a module's code could not be imported or mounted. */
export const loadProblem = z.object({ code: z.string(), message: z.string() });

export const ownedObject = z.object({
  kind: z.enum(['schema', 'table', 'column', 'index', 'enum', 'sequence', 'view']),
  schema: z.string(),
  table: z.string().optional(),
  name: z.string(),
});

/** A module as discovery and the database know it (package.json metadata and state). */
export const moduleInfo = z.object({
  name: z.string(),
  packageName: z.string(),
  version: z.string(),
  description: z.string().optional(),
  summary: z.string().optional(),
  category: z.string().optional(),
  application: z.boolean(),
  autoInstall: z.boolean(),
  author: z.string().optional(),
  license: z.string().optional(),
  homepage: z.string().optional(),
  /** Hub modules it depends on, by module name. */
  depends: z.array(z.string()),
  /** Its peer range on @hub/kit. */
  hostRange: z.string().optional(),
  /** PostgreSQL extensions it needs (package.json "hub.extensions"). */
  extensions: z.array(z.string()).optional(),
  /** Entry file and package folder on the server. */
  entry: z.string(),
  dir: z.string(),
  /** dependency of the host, ADDONS_PATHS folder, or uploaded (its code kept in the database). */
  source: z.enum(['dependency', 'addons', 'upload']),
  /** Uploaded modules: sha256 of the code, under which the database keeps it. */
  codeSha256: z.string().optional(),
  state: moduleState,
  enabled: z.boolean(),
  installedVersion: z.string().optional(),
  upgradable: z.boolean(),
  installedAt: timestamp.optional(),
  loadError: loadProblem.optional(),
  /** Discovered modules that depend on it. */
  dependents: z.array(z.string()),
  /** What it owns in the database (details only). */
  owns: z.array(ownedObject).optional(),
  /** sha256 (hex) of its entry file on disk now (details only). */
  codeHash: z.string().optional(),
  /** Online-phase steps still to run after the commit (details only). */
  online: z.array(z.object({ id: z.number(), sql: z.string(), state: z.enum(['pending', 'running', 'failed']), attempts: z.number(), lastError: z.string().nullable() })).optional(),
  /** What its database role may use, one line each (details only). */
  access: z.array(z.string()).optional(),
});

/** A menu item a module declares in its manifest. */
export const moduleMenu = z.object({
  name: z.string(),
  path: z.string(),
  icon: z.string().optional(),
  sequence: z.number().optional(),
  permission: z.string().optional(),
});

/** Items of GET /modules/: what the admin needs for menus comes with mounted modules only. */
export const moduleListItem = moduleInfo.extend({
  mounted: z.boolean(),
  apiPrefix: z.string().optional(),
  menus: z.array(moduleMenu).optional(),
  permissions: z.array(z.string()).optional(),
  /** URL of its admin bundle, e.g. /modules/contacts/admin/index.js. */
  admin: z.string().nullable().optional(),
});

export const moduleMetrics = z.object({
  requests: z.number(),
  errors: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Answers by HTTP status. */
  byStatus: z.record(z.string(), z.number()),
});

/** The code on disk is not the code mounted, with the same version: reported, not mounted. */
export const codeChanged = z.object({ mountedHash: z.string(), diskHash: z.string(), message: z.string(), hint: z.string() });

export const moduleDetail = moduleInfo.extend({
  mounted: z.boolean(),
  /** sha256 of the entry file of the code that serves. */
  mountedCodeHash: z.string().optional(),
  codeChanged: codeChanged.optional(),
  apiPrefix: z.string(),
  tags: z.array(z.string()),
  menus: z.array(moduleMenu),
  permissions: z.array(z.string()),
  admin: z.string().nullable(),
  /** MODULES__<NAME>__READ_ONLY / DRY_RUN switches of the host. */
  readOnly: z.boolean(),
  dryRun: z.boolean(),
  metrics: moduleMetrics,
});

export const listModulesQuery = z.object({ installed_only: flag, application_only: flag, category: z.string().optional(), search: z.string().optional() });
export const listModulesAnswer = listOf(moduleListItem);

export const graphAnswer = z.object({
  nodes: z.array(z.object({ name: z.string(), state: moduleState, enabled: z.boolean() })),
  /** `from` depends on `to`. */
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
  /** Install order. */
  order: z.array(z.string()),
});

export const validationIssue = z.object({
  /** e.g. dependency, host, schema, route, external, manifest, package */
  category: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  /** How to fix it. */
  hint: z.string().optional(),
});
export const validationAnswer = z.object({ valid: z.boolean(), errors: z.array(validationIssue), warnings: z.array(validationIssue) });

export const uploadQuery = z.object({ replace: z.enum(['true', 'false']).optional() });
export const uploadAnswer = z.object({
  module: z.object({
    name: moduleName,
    packageName: z.string(),
    version: z.string(),
    dir: z.string(),
    /** An uploaded module of the same name was replaced. */
    replaced: z.boolean(),
    previousVersion: z.string().optional(),
    format: z.enum(['zip', 'tgz']),
    /** sha256 of the module's files: the database keeps the code under it, every instance materializes it. */
    sha256: z.string(),
  }),
  /** The module as discovered now (absent if discovery could not read it). */
  info: moduleInfo.optional(),
});

export type ModuleState = z.output<typeof moduleState>;
export type ModuleInfo = z.output<typeof moduleInfo>;
export type ModuleListItem = z.output<typeof moduleListItem>;
export type ModuleDetail = z.output<typeof moduleDetail>;
export type ModuleMenu = z.output<typeof moduleMenu>;
export type ModuleMetrics = z.output<typeof moduleMetrics>;
export type GraphInfo = z.output<typeof graphAnswer>;
export type ValidationIssue = z.output<typeof validationIssue>;
export type ValidationReport = z.output<typeof validationAnswer>;
export type UploadAnswer = z.output<typeof uploadAnswer>;
