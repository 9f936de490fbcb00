// Typed calls to the hub's HTTP API (the paths of packages/server's manager and auth routers).
import type { ApiClient, Query } from './client';
import type {
  AcceptedOperation, AuditEntry, BackupInfo, GraphInfo, LoginResponse, MigrationRecord, ModuleDetail, ModuleInfo,
  OperationResult, OperationStatus, Plan, SchemaStatus, User, ValidationReport,
} from './types';

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

const M = '/api/v1/modules';

/** Lists come as { items: [...] }; a bare array is accepted too. */
type List<T> = T[] | { items?: T[] };
const items = <T>(r: List<T>): T[] => (Array.isArray(r) ? r : r?.items ?? []);
const enc = encodeURIComponent;

/** Options are sent both as query parameters and as the JSON body (snake_case), so either reading works. */
// The plan's hash covers its options, so the plan request and the apply must send the very same
// ones: flags that are off are left out (except backup, whose default is on).
function lifecycleParams(o: LifecycleOptions = {}): Record<string, string | boolean | undefined> {
  return {
    plan_hash: o.planHash,
    drop_tables: o.dropTables || undefined,
    cascade: o.cascade || undefined,
    backup: o.backup,
    accept_data_loss: o.acceptDataLoss || undefined,
  };
}

/** Drops undefined; booleans become 'true'/'false' so that false survives the query string. */
function defined(q: Record<string, unknown>): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = typeof v === 'boolean' ? String(v) : (v as string);
  return out;
}
const bodyOf = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));

/** A POST that may answer 200 with a result or 202 {operationId} (async). */
export type Started = { operationId: string; result?: OperationResult };

export function createHubApi(client: ApiClient) {
  async function operation(path: string, body: Record<string, unknown> = {}, async = true): Promise<Started> {
    const query: Query = { ...defined(body), ...(async ? { async: 'true' } : {}) };
    const res = await client.post<AcceptedOperation | OperationResult>(path, bodyOf(body), { query });
    if (res && 'plan' in res) return { operationId: res.operationId, result: res };
    return { operationId: (res as AcceptedOperation).operationId };
  }

  return {
    login: (email: string, password: string) => client.post<LoginResponse>('/api/v1/auth/login', { email, password }, { skipAuthHandling: true }),
    me: () => client.get<User | { user: User }>('/api/v1/auth/me').then((r) => ('user' in r && r.user && typeof r.user === 'object' ? (r.user as User) : (r as User))),
    logout: () => client.post<void>('/api/v1/auth/logout', undefined, { skipAuthHandling: true }),

    list: (f: ListFilter = {}) =>
      client.get<List<ModuleInfo>>(`${M}/`, {
        query: { installed_only: f.installedOnly, application_only: f.applicationOnly, category: f.category, search: f.search },
      }).then(items),
    get: (name: string) => client.get<ModuleDetail | { module: ModuleDetail }>(`${M}/${enc(name)}`).then((r) => ('module' in r && typeof r.module === 'object' ? r.module : r) as ModuleDetail),
    plan: (name: string, action: LifecycleAction, options: LifecycleOptions = {}) =>
      client.get<Plan>(`${M}/${enc(name)}/plan`, { query: { action, ...defined(lifecycleParams(options)) } }),
    validate: (name: string) => client.post<ValidationReport>(`${M}/validate/${enc(name)}`),
    graph: () => client.get<GraphInfo>(`${M}/graph`),

    lifecycle: (action: LifecycleAction, name: string, options: LifecycleOptions = {}) =>
      operation(`${M}/${action}/${enc(name)}`, lifecycleParams(options)),
    enable: (name: string) => operation(`${M}/${enc(name)}/enable`),
    disable: (name: string) => operation(`${M}/${enc(name)}/disable`),

    schemaStatus: (name: string) => client.get<SchemaStatus>(`${M}/schema/${enc(name)}/status`),
    sync: (name: string, acceptDataLoss = false) => operation(`${M}/schema/${enc(name)}/sync`, { accept_data_loss: acceptDataLoss || undefined }),
    migrations: (name: string) => client.get<List<MigrationRecord>>(`${M}/schema/${enc(name)}/migrations`).then(items),
    rollback: (name: string, acceptDataLoss = false) => operation(`${M}/schema/${enc(name)}/rollback`, { accept_data_loss: acceptDataLoss || undefined }),
    backup: (name: string) => operation(`${M}/schema/${enc(name)}/backup`),
    backups: (name: string) => client.get<List<BackupInfo>>(`${M}/schema/${enc(name)}/backups`).then(items),
    backupDownloadPath: (name: string, id: string) => `${M}/schema/${enc(name)}/backups/${enc(id)}/download`,
    restore: (name: string, id: string, acceptDataLoss = false) => operation(`${M}/schema/${enc(name)}/backups/${enc(id)}/restore`, { accept_data_loss: acceptDataLoss || undefined }),

    audit: (q: { module?: string; action?: string; actor?: string; limit?: number; offset?: number } = {}) =>
      client.get<List<AuditEntry>>('/api/v1/audit', { query: q }).then(items),
    operationStatus: (id: string) => client.get<OperationStatus>(`/api/v1/operations/${enc(id)}`),
  };
}

export type HubApi = ReturnType<typeof createHubApi>;
