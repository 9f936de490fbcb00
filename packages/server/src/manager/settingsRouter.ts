// /api/v1/settings: each installed module's config as the host resolved it from
// MODULES__<NAME>__<KEY> (secrets masked), and its READ_ONLY / DRY_RUN switches as in force.
import { Router } from 'express';
import { envKey, envPrefix, readHostSwitch, readModuleConfig, z, type HubModule } from '@hub/kit';
import { hostRoutes as api, type ConfigKey, type ModuleSettings } from '@hub/api';
import type { Hub } from '@hub/core';
import { hostRoute } from '../http/hostRoute.js';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';

const SECRET_NAME = /(secret|password|passwd|token|api_?key|private|credential|dsn|url)$/i;
export const MASK = '********';

/** A config key is secret when its schema says so (`.meta({ secret: true })`) or its name does. */
function isSecret(key: string, field: unknown): boolean {
  // The meta may sit on the field or on what .default()/.optional() wrap.
  type Field = { meta?: () => Record<string, unknown> | undefined; def?: { innerType?: Field } };
  for (let f = field as Field | undefined, depth = 0; f && depth < 5; f = f.def?.innerType, depth++) {
    const meta = f.meta?.();
    if (meta && typeof meta.secret === 'boolean') return meta.secret;
  }
  return SECRET_NAME.test(key);
}

export function describeConfig(definition: Pick<HubModule, 'name' | 'config'>, env: Record<string, string | undefined>) {
  const schema = definition.config as unknown;
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : {};
  let values: Record<string, unknown> = {};
  let error: { code: string; message: string } | null = null;
  try { values = readModuleConfig(definition, env); } catch (e) {
    const err = e as { code?: string; message?: string };
    error = { code: err.code ?? 'HUB_MODULE_CONFIG_INVALID', message: err.message ?? String(e) };
  }
  const keys = Object.keys(shape).map((key): ConfigKey => {
    const variable = `${envPrefix(definition.name)}${envKey(key)}`;
    const secret = isSecret(key, shape[key]);
    const value = values[key];
    return {
      key, env: variable, secret, source: env[variable] !== undefined ? 'env' : 'default',
      value: secret ? (value === undefined || value === null || value === '' ? null : MASK) : value ?? null,
      description: (shape[key] as { description?: string })?.description ?? null,
    };
  });
  return { keys, error };
}

export function settingsRouter(hub: Hub, mounter: ModuleMounter, env: Record<string, string | undefined>): Router {
  const router = Router();
  hostRoute(router, {
    ...api.settings, access: 'superuser', tags: ['Settings'],
    summary: "Each installed module's resolved config (secrets masked) and its READ_ONLY / DRY_RUN switches",
  }, async (_req, res) => {
    const installed = await hub.list({ installedOnly: true });
    const items = await Promise.all(installed.map(async (m): Promise<ModuleSettings> => {
      let definition: HubModule | undefined = mounter.definition(m.name);
      let loadError: string | null = null;
      if (!definition) {
        try { definition = (await hub.load(m.name)).definition; } catch (e) { loadError = (e as Error).message; }
      }
      const config = definition ? describeConfig(definition, env) : { keys: [], error: null };
      return {
        module: m.name, version: m.installedVersion ?? m.version, enabled: m.enabled,
        readOnly: readHostSwitch(m.name, 'READ_ONLY', env), dryRun: readHostSwitch(m.name, 'DRY_RUN', env),
        envPrefix: envPrefix(m.name), config: config.keys, configError: config.error?.message ?? loadError,
      };
    }));
    res.json({ items });
  });
  return router;
}
