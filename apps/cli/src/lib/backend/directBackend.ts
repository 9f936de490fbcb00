// The engine on the database: createHub() from @hub/core with the host's settings.
import { join } from 'node:path';
import { HubError } from '@hub/kit/errors';
import type { Hub } from '@hub/core';
import { importFromHost } from '../importFromHost.js';
import type { Settings } from '../settings.js';
import type { Backend, CreatedToken, CreatedUser, UploadResult } from './types.js';

type CoreModule = typeof import('@hub/core');

const quietLogger = {
  debug: (msg: string, ...a: unknown[]) => { if (process.env.HUB_DEBUG) console.error('[debug]', msg, ...a); },
  info: (msg: string, ...a: unknown[]) => { if (process.env.HUB_DEBUG) console.error('[info]', msg, ...a); },
  warn: (msg: string, ...a: unknown[]) => { if (process.env.HUB_DEBUG) console.error('[warn]', msg, ...a); },
  error: (msg: string, ...a: unknown[]) => { if (process.env.HUB_DEBUG) console.error('[error]', msg, ...a); },
};

export async function loadCore(hostDir: string): Promise<CoreModule> {
  return importFromHost<CoreModule>('@hub/core', hostDir, () => import('@hub/core'));
}

export async function createDirectBackend(settings: Settings): Promise<Backend> {
  const core = await loadCore(settings.hostDir);
  if (typeof (core as { createHub?: unknown }).createHub !== 'function') {
    throw new HubError('HUB_ENGINE_MISSING', '@hub/core does not export createHub', { hint: 'update @hub/core in the host (pnpm add @hub/core@latest) and rebuild' });
  }
  const hub: Hub = await core.createHub({
    hostDir: settings.hostDir,
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
    addonsPaths: settings.addonsPaths,
    logger: quietLogger,
  });
  const where = settings.databaseUrl ? `PostgreSQL ${redact(settings.databaseUrl)}` : `embedded database in ${settings.dataDir}`;
  return new DirectBackend(hub, core, where);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

class DirectBackend implements Backend {
  readonly kind = 'direct' as const;
  constructor(private readonly hub: Hub, private readonly core: CoreModule, readonly where: string) {}

  list: Backend['list'] = (filter) => this.hub.list(filter);
  get: Backend['get'] = (name) => this.hub.get(name);
  validate: Backend['validate'] = (name) => this.hub.validate(name);
  graph: Backend['graph'] = () => this.hub.graph();
  plan: Backend['plan'] = (request) => this.hub.plan(request);
  apply: Backend['apply'] = (request, options = {}) =>
    this.hub.apply(request, { actor: actorName(), planHash: options.planHash, onProgress: options.onProgress });
  schemaStatus: Backend['schemaStatus'] = (name) => this.hub.schemaStatus(name);
  migrations: Backend['migrations'] = (name) => this.hub.migrations(name);
  backups: Backend['backups'] = (name) => this.hub.backups(name);

  async upload(file: string): Promise<UploadResult> {
    const hub = this.hub as unknown as { upload?: (f: string, o: { replace: boolean; actor: string }) => Promise<UploadResult> };
    // The code is kept in the database; a newer version of an uploaded module replaces it (then upgradable).
    if (typeof hub.upload === 'function') return hub.upload(file, { replace: true, actor: actorName() });
    const intakeArchive = (this.core as Record<string, unknown>).intakeArchive as
      | ((f: string, o: { addonsDir: string; replace?: boolean; installedVersion?: (n: string) => Promise<string | undefined> }) => Promise<UploadResult>)
      | undefined;
    if (typeof intakeArchive !== 'function') {
      throw new HubError('HUB_NOT_SUPPORTED', 'this version of @hub/core cannot take module archives', { hint: 'update @hub/core' });
    }
    const addonsDir = this.hub.options.addonsPaths?.[0] ?? join(this.hub.options.dataDir, 'addons');
    return intakeArchive(file, {
      addonsDir, replace: true,
      installedVersion: async (name) => (await this.hub.get(name).catch(() => undefined))?.installedVersion,
    });
  }

  private async base(): Promise<Record<string, (...args: any[]) => Promise<any>>> {
    try {
      return await this.hub.services<Record<string, (...args: any[]) => Promise<any>>>('base');
    } catch (err) {
      throw new HubError('HUB_BASE_NOT_INSTALLED', 'the base module is not installed, so there are no users or tokens yet', {
        hint: 'install it with `hub module install base` (the server installs it at its first start)', cause: err,
      });
    }
  }

  async createUser(input: { email: string; password: string; superuser?: boolean; name?: string }): Promise<CreatedUser> {
    const base = await this.base();
    const user = await base.createUser({ email: input.email, password: input.password, name: input.name, isSuperuser: !!input.superuser });
    return { id: user.id, email: user.email, isSuperuser: !!user.isSuperuser, name: user.name ?? undefined };
  }

  async createToken(input: { email?: string; name?: string }): Promise<CreatedToken> {
    const base = await this.base();
    if (!input.email) throw new HubError('HUB_USAGE', 'hub token create needs --email: whose token it is', { hint: 'pass --email of an existing user' });
    const user = await base.findUserByEmail(input.email);
    if (!user) throw new HubError('HUB_USER_NOT_FOUND', `no user with email ${input.email}`, { hint: 'create one with `hub user create --email ... --password ...`' });
    const issued = await base.issueToken(user.id, { kind: 'personal', name: input.name ?? 'cli' });
    return { token: issued.token, id: issued.info?.id, name: issued.info?.name, userId: user.id, email: user.email };
  }

  close = () => this.hub.close();
}

function actorName(): string {
  return `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`;
}
