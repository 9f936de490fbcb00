// Configuration from the environment, the same variables the server reads.
import { isAbsolute, resolve } from 'node:path';
import { resolveHostDir } from './hostDir.js';

export interface Settings {
  hostDir: string;
  /** HUB_DATA_DIR (relative to the host folder), default <hostDir>/.hub */
  dataDir: string;
  /** DATABASE_URL: PostgreSQL; otherwise the embedded database in <dataDir>/data. */
  databaseUrl?: string;
  /** <dataDir>/addons (where uploads land), then ADDONS_PATHS (comma-separated, relative to the host folder), like the server. */
  addonsPaths?: string[];
  /** HUB_URL / --url: talk to this server's API instead of the database. */
  url?: string;
  /** HUB_TOKEN / --token: bearer token for the server's API. */
  token?: string;
  /** The folder the user ran the command from (pnpm sets INIT_CWD for `pnpm hub`). */
  cwd: string;
}

export interface SettingsFlags { dir?: string; token?: string; url?: string }

export function userCwd(env: NodeJS.ProcessEnv = process.env): string {
  // `pnpm hub ...` runs the root script from the root; INIT_CWD is where the user typed it.
  const viaScript = env.npm_lifecycle_event === 'hub' && env.INIT_CWD && isAbsolute(env.INIT_CWD);
  return viaScript ? env.INIT_CWD! : process.cwd();
}

export function loadSettings(flags: SettingsFlags = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const cwd = userCwd(env);
  const hostDir = resolveHostDir({ dir: flags.dir, cwd, env });
  const dataDir = env.HUB_DATA_DIR ? resolve(hostDir, env.HUB_DATA_DIR) : resolve(hostDir, '.hub');
  const addonsPaths = [resolve(dataDir, 'addons'), ...(env.ADDONS_PATHS ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(hostDir, p))];
  return {
    hostDir, dataDir, addonsPaths, cwd,
    databaseUrl: env.DATABASE_URL || undefined,
    url: flags.url ?? (env.HUB_URL || undefined),
    token: flags.token ?? (env.HUB_TOKEN || undefined),
  };
}
