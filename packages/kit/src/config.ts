import { z } from 'zod';
import { HubError } from './errors.js';
import type { HubModule } from './types.js';

/** Host switches every module has; they are not part of a module's own config. */
export const HOST_SWITCHES = ['READ_ONLY', 'DRY_RUN'] as const;

/** camelCase or snake_case key -> the KEY part of MODULES__<NAME>__<KEY>. */
export function envKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The env variable prefix of a module: MODULES__<NAME>__. */
export function envPrefix(moduleName: string): string {
  return `MODULES__${moduleName.toUpperCase()}__`;
}

/**
 * Reads MODULES__<NAME>__<KEY> variables and parses them with the module's config schema.
 * Values are strings; use z.coerce / z.stringbool in the schema for numbers and booleans.
 */
export function readModuleConfig(module: Pick<HubModule, 'name' | 'config'>, env: Record<string, string | undefined> = process.env): Record<string, unknown> {
  const prefix = envPrefix(module.name);
  const raw: Record<string, string> = {};
  const schema = module.config as z.ZodType | undefined;
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : undefined;
  const byEnvKey = new Map(Object.keys(shape ?? {}).map((k) => [envKey(k), k]));
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    const key = name.slice(prefix.length);
    if ((HOST_SWITCHES as readonly string[]).includes(key)) continue;
    raw[byEnvKey.get(key) ?? key.toLowerCase()] = value;
  }
  if (!schema) return {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${envPrefix(module.name)}${envKey(String(i.path[0] ?? ''))}: ${i.message}`);
    throw new HubError('HUB_MODULE_CONFIG_INVALID', `Module "${module.name}" config is invalid: ${issues.join('; ')}`, {
      module: module.name, status: 500, hint: 'Set or fix these environment variables and restart the host.', details: issues,
    });
  }
  return parsed.data as Record<string, unknown>;
}

/** Reads a host switch (READ_ONLY, DRY_RUN) for a module: "1", "true", "yes", "on" are true. */
export function readHostSwitch(moduleName: string, key: (typeof HOST_SWITCHES)[number], env: Record<string, string | undefined> = process.env): boolean {
  const value = env[`${envPrefix(moduleName)}${key}`];
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
