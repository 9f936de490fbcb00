import { z } from 'zod';

/**
 * Whether a module is mounted on an instance, at which version (the database's), and why not. An
 * instance whose code is another version (codeVersion) serves it after compatible upgrades only;
 * otherwise it is fenced: problem.code HUB_MODULE_VERSION_SKEW, its routes answer 503 there.
 */
export const moduleReadiness = z.object({
  version: z.string(),
  mounted: z.boolean(),
  codeVersion: z.string().optional(),
  problem: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** One hub instance on the database (host and pid only to a superuser). */
export const clusterInstance = z.object({
  id: z.string(),
  host: z.string().optional(),
  pid: z.number().optional(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
  /** Generation of the module state it serves. */
  generation: z.number(),
  alive: z.boolean(),
  /** The instance that answered. */
  current: z.boolean(),
  modules: z.record(z.string(), moduleReadiness),
});

/** 200 when the database answers, 503 (same shape, status "degraded") when it does not. */
export const healthAnswer = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ kind: z.string(), ok: z.boolean() }),
  /** Mounted modules. */
  modules: z.number(),
  uptimeSeconds: z.number(),
  /** The instance that answered and the generation it serves. */
  instance: z.object({ id: z.string(), generation: z.number() }),
  /** Every instance on the database (absent when the database does not answer). */
  cluster: z.object({ generation: z.number(), instances: z.array(clusterInstance) }).optional(),
});

export type Health = z.output<typeof healthAnswer>;
export type ClusterInstance = z.output<typeof clusterInstance>;
export type ModuleReadiness = z.output<typeof moduleReadiness>;
