// A running server's API with a bearer token, through @hub/api's typed client: requests are typed
// by the routes' schemas and every answer is checked against its schema (an answer outside the
// contract is HUB_ANSWER_INVALID, not a guess). Used when the embedded database is held by a
// server on this machine, or when HUB_URL / --url names a server.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createHubClient, errorOf, HubApiError, type AnswerOf, type HubClient, type Operation, type OperationAnswer } from '@hub/api';
import { HubError, z } from '@hub/kit';
import type { Backend, CreatedToken, CreatedUser, ModuleFilter, OperationRequest, OperationResult, Plan, UploadResult } from './types.js';

export interface HttpBackendOptions { url: string; token?: string }

/** A refusal (or no answer) of the server as the CLI reports errors: code, message, hint. */
function asHubError(err: unknown, base: string): unknown {
  if (!HubApiError.is(err)) return err;
  if (err.status === 0) {
    return new HubError('HUB_SERVER_UNREACHABLE', `cannot reach the hub server at ${base}: ${err.message}`, { hint: 'check that it runs (hub serve) and HUB_URL', cause: err });
  }
  const hint = err.hint ?? (err.status === 401 ? 'set HUB_TOKEN (hub token create --email ... --password ...) or pass --token' : undefined);
  return new HubError(err.code, err.message, { hint, status: err.status, details: err.details, module: err.module, cause: err });
}

function client(url: string, token?: string): HubClient {
  return createHubClient({ baseUrl: url, token: () => token });
}

export async function login(url: string, email: string, password: string): Promise<string> {
  try {
    return (await client(url).call('login', { body: { email, password } })).token;
  } catch (err) {
    throw asHubError(err, url);
  }
}

/** What base's POST /api/v1/base/users answers (a module route: not in the host contract). */
const createdUser = z.object({ id: z.number(), email: z.string(), name: z.string().nullable(), isSuperuser: z.boolean() });

/** The lifecycle route of each action (restore: the backup's). */
const LIFECYCLE = { install: 'install', upgrade: 'upgrade', uninstall: 'uninstall', enable: 'enable', disable: 'disable', sync: 'sync', rollback: 'rollback', backup: 'backup' } as const;

export class HttpBackend implements Backend {
  readonly kind = 'http' as const;
  readonly where: string;
  private readonly hub: HubClient;
  constructor(private readonly opts: HttpBackendOptions) {
    this.where = `hub server ${opts.url}`;
    this.hub = client(opts.url, opts.token);
  }

  /** Runs a call, reporting a refusal as HubError. */
  private async ask<T>(call: (hub: HubClient) => Promise<T>): Promise<T> {
    try {
      return await call(this.hub);
    } catch (err) {
      throw asHubError(err, this.opts.url);
    }
  }

  list(filter: ModuleFilter = {}) {
    return this.ask(async (hub) => (await hub.call('listModules', {
      query: { installed_only: filter.installedOnly || undefined, application_only: filter.applicationOnly || undefined, category: filter.category, search: filter.search },
    })).items);
  }
  get(name: string) { return this.ask((hub) => hub.call('getModule', { params: { name } })); }
  validate(name: string) { return this.ask((hub) => hub.call('validate', { params: { name } })); }
  graph() { return this.ask((hub) => hub.call('graph')); }

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
    const action = req.action;
    if (action === 'rollback' || action === 'backup' || action === 'restore') {
      // The server previews install/upgrade/uninstall/enable/disable/sync (a restore's preview covers no options, the CLI's restore sends some).
      return {
        action: req.action, request: req, warnings: [], hash: '',
        text: `${req.action} ${name} (through the server at ${this.opts.url}; no preview for this action)`,
        modules: [{ name, action: req.action, reason: 'requested', statements: [], dataLoss: [], hooks: [], dataFiles: [], backupTables: [] }],
      };
    }
    return this.ask((hub) => hub.call('plan', {
      params: { name }, query: { action, drop_tables: o.dropTables, cascade: o.cascade, accept_data_loss: o.acceptDataLoss, backup: o.backup },
    }));
  }

  async apply(req: OperationRequest, options: { planHash?: string } = {}): Promise<OperationResult> {
    const name = this.one(req);
    const o = req.options ?? {};
    const body = {
      plan_hash: options.planHash || undefined, drop_tables: o.dropTables, cascade: o.cascade, backup: o.backup,
      accept_data_loss: o.acceptDataLoss, accept_unmapped: o.acceptUnmapped,
    };
    const answer = await this.ask((hub): Promise<OperationAnswer> => {
      if (req.action === 'restore') {
        if (!o.backupId) throw new HubError('HUB_USAGE', 'restore needs the backup id', { hint: 'hub module backup NAME --list shows them' });
        return hub.call('restoreBackup', { params: { name, id: o.backupId }, body });
      }
      return hub.call(LIFECYCLE[req.action], { params: { name }, body });
    });
    return this.finished('operation' in answer ? answer.operation : await this.settled(answer.operationId));
  }

  /** An operation the server answered 202 for (still running): polled until it ends. */
  private async settled(id: string): Promise<Operation> {
    for (;;) {
      const op = await this.ask((hub) => hub.call('getOperation', { params: { id } }));
      if (op.status !== 'running') return op;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The result of a finished operation; its error, thrown, when it failed. */
  private finished(op: Operation): OperationResult {
    if (op.status === 'failed' || !op.result) {
      const e = op.error;
      throw new HubError(e?.code ?? 'HUB_OPERATION_FAILED', e?.error ?? `operation ${op.id} failed`, { hint: e?.hint, module: e?.module, details: e?.details });
    }
    return op.result;
  }

  schemaStatus(name: string) { return this.ask((hub) => hub.call('schemaStatus', { params: { name } })); }
  async migrations(name?: string) {
    const names = name ? [name] : (await this.list({ installedOnly: true })).map((m) => m.name);
    const all: AnswerOf<'migrations'>['items'] = [];
    for (const n of names) all.push(...(await this.ask((hub) => hub.call('migrations', { params: { name: n } }))).items);
    return all.sort((a, b) => a.id - b.id);
  }
  async backups(name?: string) {
    if (!name) throw new HubError('HUB_USAGE', 'through the server, backups are listed per module', { hint: 'hub module backup NAME --list' });
    return (await this.ask((hub) => hub.call('backups', { params: { name } }))).items;
  }
  async upload(file: string): Promise<UploadResult> {
    try {
      const { module } = await this.hub.upload(new Blob([readFileSync(file)], { type: 'application/octet-stream' }), basename(file));
      return { ...module, path: module.dir };
    } catch (err) {
      if (HubApiError.is(err) && err.status === 404) {
        throw new HubError('HUB_NOT_SUPPORTED', 'this server takes no module archives', { hint: 'stop the server and run hub module upload on the data folder, or use DATABASE_URL' });
      }
      throw asHubError(err, this.opts.url);
    }
  }
  async createUser(input: { email: string; password: string; superuser?: boolean; name?: string }): Promise<CreatedUser> {
    // base's own route: the host contract does not describe it, so its answer is read with base's shape here.
    const res = await this.ask((hub) => fetch(`${hub.baseUrl}/api/v1/base/users`, {
      method: 'POST',
      headers: hub.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ email: input.email, password: input.password, name: input.name, isSuperuser: !!input.superuser }),
    }));
    if (!res.ok) throw asHubError(await errorOf(res), this.opts.url);
    const user = createdUser.parse(await res.json());
    return { id: user.id, email: user.email, isSuperuser: user.isSuperuser, name: user.name ?? undefined };
  }
  async createToken(input: { email?: string; name?: string }): Promise<CreatedToken> {
    const { token, info } = await this.ask((hub) => hub.call('createToken', { body: { name: input.name ?? 'cli' } }));
    return { token, id: info.id, name: info.name };
  }
  async close() {}
}
