// The module manager's calls, one small function each, on @hub/api's typed client: inputs and
// answers are the routes' own types, nothing is guessed.
import { HubApiError } from '@hub/api/lite';
import type { AdminClient } from './client';
import type { Operation, OperationAnswer, OperationResult } from './types';

export type LifecycleAction = 'install' | 'upgrade' | 'uninstall';

export interface ListFilter {
  installedOnly?: boolean;
  applicationOnly?: boolean;
  category?: string;
  search?: string;
}

export interface LifecycleOptions {
  planHash?: string;
  dropTables?: boolean;
  cascade?: boolean;
  backup?: boolean;
  acceptDataLoss?: boolean;
}

/** A lifecycle POST, started: its operation id, and its result when it already ran to its end. */
export type Started = { operationId: string; result?: OperationResult };

/** The error of an operation that failed, as the thrown error of the call that ran it. */
export function operationFailure(op: Operation): HubApiError {
  const e = op.error;
  return new HubApiError(500, e ? { error: e.error, code: e.code, hint: e.hint, module: e.module, details: e.details }
    : { error: op.steps.at(-1)?.message ?? 'The operation failed', code: 'HUB_OPERATION_FAILED' });
}

/** 200 with the finished operation (a failure throws), or 202 while it runs on. */
export function started(answer: OperationAnswer): Started {
  if (!('operation' in answer)) return { operationId: answer.operationId };
  if (answer.operation.status === 'failed') throw operationFailure(answer.operation);
  return { operationId: answer.operationId, result: answer.operation.result ?? undefined };
}

// The plan's hash covers its options, so the plan request and the apply must send the very same
// ones: flags that are off are left out (except backup, whose default is on).
function flags(o: LifecycleOptions) {
  return {
    drop_tables: o.dropTables || undefined,
    cascade: o.cascade || undefined,
    backup: o.backup,
    accept_data_loss: o.acceptDataLoss || undefined,
  };
}

export function createHubApi(client: AdminClient) {
  const { hub } = client;
  /** Lifecycle requests run async: the answer is 202 and the operation is followed (useOperation). */
  const run = (answer: Promise<OperationAnswer>) => answer.then(started);
  const lossBody = (acceptDataLoss: boolean) => ({ async: true, accept_data_loss: acceptDataLoss || undefined });

  return {
    login: (email: string, password: string) => hub.call('login', { body: { email, password } }),
    me: () => hub.call('me').then((r) => r.user),
    logout: () => hub.call('logout'),

    list: (f: ListFilter = {}) => hub.call('listModules', {
      query: { installed_only: f.installedOnly || undefined, application_only: f.applicationOnly || undefined, category: f.category || undefined, search: f.search || undefined },
    }).then((r) => r.items),
    get: (name: string) => hub.call('getModule', { params: { name } }),
    plan: (name: string, action: LifecycleAction, options: LifecycleOptions = {}) => hub.call('plan', { params: { name }, query: { action, ...flags(options) } }),
    validate: (name: string) => hub.call('validate', { params: { name } }),
    graph: () => hub.call('graph'),

    lifecycle: (action: LifecycleAction, name: string, options: LifecycleOptions = {}) =>
      run(hub.call(action, { params: { name }, body: { async: true, plan_hash: options.planHash, ...flags(options) } })),
    enable: (name: string) => run(hub.call('enable', { params: { name }, body: { async: true } })),
    disable: (name: string) => run(hub.call('disable', { params: { name }, body: { async: true } })),

    schemaStatus: (name: string) => hub.call('schemaStatus', { params: { name } }),
    sync: (name: string, acceptDataLoss = false) => run(hub.call('sync', { params: { name }, body: lossBody(acceptDataLoss) })),
    migrations: (name: string) => hub.call('migrations', { params: { name } }).then((r) => r.items),
    rollback: (name: string, acceptDataLoss = false) => run(hub.call('rollback', { params: { name }, body: lossBody(acceptDataLoss) })),
    backup: (name: string) => run(hub.call('backup', { params: { name }, body: { async: true } })),
    backups: (name: string) => hub.call('backups', { params: { name } }).then((r) => r.items),
    downloadBackup: (name: string, id: string) => hub.raw('downloadBackup', { params: { name, id } }),
    restore: (name: string, id: string, acceptDataLoss = false) => run(hub.call('restoreBackup', { params: { name, id }, body: lossBody(acceptDataLoss) })),

    audit: (query: { module?: string; action?: string; actor?: string; limit?: number; offset?: number } = {}) =>
      hub.call('audit', { query }).then((r) => r.items),
  };
}

export type HubApi = ReturnType<typeof createHubApi>;
