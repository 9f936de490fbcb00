// Where a command runs (README "Where it runs"):
// 1. HUB_URL / --url: that server's API, with HUB_TOKEN / --token.
// 2. DATABASE_URL: the engine on PostgreSQL directly; running servers pick changes up (NOTIFY).
// 3. Embedded database: if a live server holds <dataDir> (server.json), its API with the token,
//    (or a login with HUB_ADMIN_EMAIL/HUB_ADMIN_PASSWORD), or a one-line refusal saying what to
//    do; otherwise the engine on the data folder directly, holding <dataDir>/data.lock.
// Each backend is imported when it is chosen: a command pays for the engine or the HTTP client
// only when it uses it (and `hub --help` for neither).
import { HubError } from '@hub/kit/errors';
import type { Settings } from '../settings.js';
import { runningServer } from './runningServer.js';
import { lockDataDir } from '../dataLock.js';
import { preferBaselineWasm } from './shortLivedWasm.js';
import type { Backend } from './types.js';

export interface OpenOptions {
  /** Credentials to log in with when no token is set (hub token create). */
  login?: { email?: string; password?: string };
}

export async function openBackend(settings: Settings, options: OpenOptions = {}): Promise<Backend> {
  if (settings.url) return httpBackend(settings.url, settings, options);
  if (settings.databaseUrl) return (await import('./directBackend.js')).createDirectBackend(settings);
  const server = runningServer(settings.dataDir);
  if (server) return httpBackend(server.url, settings, options, server.pid);
  const release = lockDataDir(settings.dataDir);
  preferBaselineWasm(); // a one-shot command on the embedded database
  try {
    const backend = await (await import('./directBackend.js')).createDirectBackend(settings);
    const close = backend.close.bind(backend);
    backend.close = async () => { try { await close(); } finally { release(); } };
    return backend;
  } catch (err) {
    release();
    throw err;
  }
}

async function httpBackend(url: string, settings: Settings, options: OpenOptions, pid?: number): Promise<Backend> {
  const { HttpBackend, login } = await import('./httpBackend.js');
  let token = settings.token;
  // Explicit credentials (hub token create), else the first admin's from the environment.
  const email = options.login?.email ?? process.env.HUB_ADMIN_EMAIL;
  const password = options.login?.password ?? process.env.HUB_ADMIN_PASSWORD;
  if (!token && email && password) token = await login(url, email, password);
  if (!token) {
    const held = pid !== undefined
      ? `the embedded database in ${settings.dataDir} is in use by a hub server (pid ${pid}, ${url})`
      : `talking to the hub server at ${url} needs a token`;
    throw new HubError('HUB_SERVER_TOKEN_REQUIRED', held, {
      hint: pid !== undefined
        ? 'set HUB_TOKEN (from `hub token create --email ADMIN --password ...` or the admin) to go through the server, stop the server, or use DATABASE_URL'
        : 'set HUB_TOKEN or pass --token (hub token create --email ADMIN --password ...)',
    });
  }
  return new HttpBackend({ url, token });
}
