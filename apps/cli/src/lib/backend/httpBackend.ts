// A running server's API (/api/v1/modules/...) with a bearer token. Used when the embedded
// database is held by a server on this machine, or when HUB_URL / --url names a server.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { HubError } from '@hub/kit';
import type { Backend, CreatedToken, CreatedUser, ModuleFilter, OperationRequest, OperationResult, Plan, UploadResult } from './types.js';

export interface HttpBackendOptions { url: string; token?: string }

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await request(url, undefined, 'POST', '/api/v1/auth/login', { email, password });
  const token = (res as { token?: string; accessToken?: string }).token ?? (res as { accessToken?: string }).accessToken;
  if (!token) throw new HubError('HUB_LOGIN_FAILED', 'the server answered the login without a token', { hint: 'check the server version' });
  return token;
}

async function request(base: string, token: string | undefined, method: string, path: string, body?: unknown, raw?: { data: Uint8Array; type: string; filename: string }): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: FormData | string | undefined;
  if (raw) {
    const form = new FormData();
    form.append('file', new Blob([raw.data], { type: raw.type }), raw.filename);
    payload = form;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(new URL(path, base), { method, headers, body: payload });
  } catch (err) {
    throw new HubError('HUB_SERVER_UNREACHABLE', `cannot reach the hub server at ${base}: ${(err as Error).message}`, {
      hint: 'check that it runs (hub serve) and HUB_URL', cause: err,
    });
  }
  const text = await res.text();
  let json: any;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  if (!res.ok) {
    const code = json?.code ?? (res.status === 401 ? 'HUB_AUTH_REQUIRED' : res.status === 403 ? 'HUB_PERMISSION_DENIED' : `HUB_HTTP_${res.status}`);
    const hint = json?.hint ?? (res.status === 401 ? 'set HUB_TOKEN (hub token create --email ... --password ...) or pass --token' : undefined);
    throw new HubError(code, json?.error ?? json?.message ?? `${method} ${path} answered ${res.status}`, { hint, status: res.status, details: json?.details });
  }
  return json;
}

const q = (params: Record<string, string | boolean | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

/** Some endpoints wrap their answer ({ modules: [...] }, { result: ... }); take the payload. */
function unwrap<T>(value: unknown, key: string): T {
  if (value && typeof value === 'object' && !Array.isArray(value) && key in (value as object)) return (value as Record<string, T>)[key];
  return value as T;
}

export class HttpBackend implements Backend {
  readonly kind = 'http' as const;
  readonly where: string;
  constructor(private readonly opts: HttpBackendOptions) { this.where = `hub server ${opts.url}`; }

  private call(method: string, path: string, body?: unknown) {
    return request(this.opts.url, this.opts.token, method, path, body);
  }

  async list(filter: ModuleFilter = {}) {
    const res = await this.call('GET', `/api/v1/modules/${q({
      installed_only: filter.installedOnly || undefined, application_only: filter.applicationOnly || undefined, category: filter.category, search: filter.search,
    })}`);
    return unwrap<any[]>(res, 'items');
  }
  async get(name: string) { return (await this.call('GET', `/api/v1/modules/${enc(name)}`)) as any; }
  async validate(name: string) { return (await this.call('POST', `/api/v1/modules/validate/${enc(name)}`)) as any; }
  async graph() { return (await this.call('GET', '/api/v1/modules/graph')) as any; }

  private one(req: OperationRequest): string {
    if (req.options?.all || req.modules.length !== 1) {
      throw new HubError('HUB_NOT_SUPPORTED', 'through the server, operations take one module at a time', {
        hint: 'name one module per command (or run the CLI where it reaches the database: DATABASE_URL, or with the server stopped)',
      });
    }
    return req.modules[0]!;
  }

  async plan(req: OperationRequest): Promise<Plan> {
    const name = this.one(req);
    const o = req.options ?? {};
    if (['rollback', 'backup', 'restore'].includes(req.action)) {
      // The server previews install/upgrade/uninstall/enable/disable/sync only.
      return {
        action: req.action, request: req, warnings: [], hash: '',
        text: `${req.action} ${name} (through the server at ${this.opts.url}; no preview for this action)`,
        modules: [{ name, action: req.action, reason: 'requested', statements: [], dataLoss: [], hooks: [], dataFiles: [], backupTables: [] }],
      };
    }
    return (await this.call('GET', `/api/v1/modules/${enc(name)}/plan${q({
      action: req.action, drop_tables: o.dropTables, cascade: o.cascade, accept_data_loss: o.acceptDataLoss,
      backup: o.backup,
    })}`)) as Plan;
  }

  async apply(req: OperationRequest, options: { planHash?: string } = {}): Promise<OperationResult> {
    const name = enc(this.one(req));
    const o = req.options ?? {};
    const body: Record<string, unknown> = {};
    if (options.planHash) body.plan_hash = options.planHash;
    if (o.dropTables !== undefined) body.drop_tables = o.dropTables;
    if (o.cascade !== undefined) body.cascade = o.cascade;
    if (o.backup !== undefined) body.backup = o.backup;
    if (o.acceptDataLoss !== undefined) body.accept_data_loss = o.acceptDataLoss;
    if (o.acceptUnmapped !== undefined) body.accept_unmapped = o.acceptUnmapped;
    const paths: Record<string, string> = {
      install: `/api/v1/modules/install/${name}`,
      upgrade: `/api/v1/modules/upgrade/${name}`,
      uninstall: `/api/v1/modules/uninstall/${name}`,
      enable: `/api/v1/modules/${name}/enable`,
      disable: `/api/v1/modules/${name}/disable`,
      sync: `/api/v1/modules/schema/${name}/sync`,
      rollback: `/api/v1/modules/schema/${name}/rollback`,
      backup: `/api/v1/modules/schema/${name}/backup`,
      restore: `/api/v1/modules/schema/${name}/backups/${enc(o.backupId ?? '')}/restore`,
    };
    const res = (await this.call('POST', paths[req.action]!, body)) as { operationId: string; operation?: { result?: OperationResult } };
    return res.operation?.result ?? ({ operationId: res.operationId, action: req.action, backups: [], changed: [], durationMs: 0 } as unknown as OperationResult);
  }

  async schemaStatus(name: string) { return (await this.call('GET', `/api/v1/modules/schema/${enc(name)}/status`)) as any; }
  async migrations(name?: string) {
    const names = name ? [name] : (await this.list({ installedOnly: true })).map((m) => m.name);
    const all = [];
    for (const n of names) all.push(...unwrap<any[]>(await this.call('GET', `/api/v1/modules/schema/${enc(n)}/migrations`), 'items'));
    return all.sort((a, b) => a.id - b.id);
  }
  async backups(name?: string) {
    if (!name) throw new HubError('HUB_USAGE', 'through the server, backups are listed per module', { hint: 'hub module backup NAME --list' });
    return unwrap<any[]>(await this.call('GET', `/api/v1/modules/schema/${enc(name)}/backups`), 'items');
  }
  async upload(file: string): Promise<UploadResult> {
    const data = readFileSync(file);
    try {
      const res = await request(this.opts.url, this.opts.token, 'POST', '/api/v1/modules/upload', undefined, { data, type: 'application/octet-stream', filename: basename(file) });
      return unwrap<UploadResult>(res, 'module');
    } catch (err) {
      if ((err as { status?: number }).status === 404) {
        throw new HubError('HUB_NOT_SUPPORTED', 'this server takes no module archives', { hint: 'stop the server and run hub module upload on the data folder, or use DATABASE_URL' });
      }
      throw err;
    }
  }
  async createUser(input: { email: string; password: string; superuser?: boolean; name?: string }): Promise<CreatedUser> {
    const res = await this.call('POST', '/api/v1/base/users', { email: input.email, password: input.password, name: input.name, isSuperuser: !!input.superuser });
    return unwrap<CreatedUser>(res, 'user');
  }
  async createToken(input: { email?: string; name?: string }): Promise<CreatedToken> {
    const res = (await this.call('POST', '/api/v1/auth/tokens', { name: input.name ?? 'cli' })) as { token: string; info?: { id: number; name: string } };
    return { token: res.token, id: res.info?.id, name: res.info?.name ?? input.name ?? 'cli' };
  }
  async close() {}
}

const enc = encodeURIComponent;
