// Fixture builders typed by @hub/api (and checked against its schemas when a fake hub answers them).
import type { HubUser, ModuleDetail, ModuleInfo, ModuleListItem, Operation, Plan, ProgressEvent } from '../../src/api/types';

/** A module as discovery knows it (the upload's answer). */
export function moduleInfo(name: string, over: Partial<ModuleInfo> = {}): ModuleInfo {
  return {
    name, packageName: `@hub/module-${name}`, version: '1.0.0', summary: `${name} summary`, category: 'Tools',
    application: false, autoInstall: false, depends: [], entry: `/x/${name}/index.js`, dir: `/x/${name}`, source: 'dependency',
    state: 'available', enabled: false, upgradable: false, dependents: [], ...over,
  };
}

/** A module as GET /modules/ lists it. */
export function mod(name: string, over: Partial<ModuleListItem> = {}): ModuleListItem {
  return { ...moduleInfo(name), mounted: false, ...over };
}

/** A module mounted on the server, as the list sends it: with its menus and admin entry. */
export function mounted(name: string, over: Partial<ModuleListItem> = {}): ModuleListItem {
  return mod(name, { state: 'installed', installedVersion: '1.0.0', enabled: true, mounted: true, apiPrefix: `/api/v1/${name}`, menus: [], permissions: [], admin: null, ...over });
}

/** GET /modules/{name} of a module of the list. */
export function detail(m: ModuleListItem, over: Partial<ModuleDetail> = {}): ModuleDetail {
  const { menus, permissions, admin, apiPrefix, ...info } = m;
  return {
    ...info, apiPrefix: apiPrefix ?? `/api/v1/${m.name}`, tags: [m.name], menus: menus ?? [], permissions: permissions ?? [], admin: admin ?? null,
    readOnly: false, dryRun: false, metrics: { requests: 0, errors: 0, p50Ms: null, p95Ms: null, byStatus: {} }, ...over,
  };
}

export function user(over: Partial<HubUser> = {}): HubUser {
  return { id: 1, email: 'admin@example.com', name: null, isSuperuser: true, permissions: [], ...over };
}

export const samplePlan: Plan = {
  action: 'install',
  request: { action: 'install', modules: ['sales'] },
  modules: [
    { name: 'contacts', action: 'install', reason: 'dependency', toVersion: '1.0.0', statements: [{ sql: 'CREATE SCHEMA "contacts";' }, { sql: 'CREATE TABLE "contacts"."people" ("id" serial PRIMARY KEY);' }], dataLoss: [], hooks: [], dataFiles: [], backupTables: [] },
    { name: 'sales', action: 'install', reason: 'requested', toVersion: '1.0.0', statements: [{ sql: 'ALTER TABLE "sales"."orders" DROP COLUMN "legacy";', dataLoss: 'drops column "sales"."orders"."legacy"' }], dataLoss: ['drops column "sales"."orders"."legacy"'], hooks: ['postInit'], dataFiles: ['data/init.json'], backupTables: ['sales.orders'] },
  ],
  warnings: [],
  hash: 'abc123hash0123456789',
  text: '',
};

/** An operation as GET /operations/{id} and the stream's `done` event send it. */
export function operation(id: string, over: Partial<Operation> = {}): Operation {
  return {
    id, action: 'install', modules: ['sales'], actor: 'admin@example.com', status: 'succeeded', steps: [], error: null,
    result: over.status === 'failed' ? null : { operationId: id, action: over.action ?? 'install', plan: samplePlan, backups: [], durationMs: 12, changed: ['contacts', 'sales'] },
    startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z',
    links: { self: `/api/v1/operations/${id}`, events: `/api/v1/operations/${id}/events` }, ...over,
  };
}

/** An operation's event stream: its steps, then the operation itself. */
export function eventStream(op: Operation, steps: Omit<ProgressEvent, 'operationId'>[]): string {
  return steps.map((s, i) => `id: ${i}\nevent: step\ndata: ${JSON.stringify({ operationId: op.id, ...s })}\n\n`).join('')
    + `event: done\ndata: ${JSON.stringify({ ...op, steps: steps.map((s) => ({ operationId: op.id, ...s })) })}\n\n`;
}
