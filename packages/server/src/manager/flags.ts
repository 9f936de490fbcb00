import { z } from '@hub/kit';

/** A boolean given as JSON or as a query string value ("true", "1", "yes", or present and empty). */
export const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])]).optional();

export const isOn = (v: boolean | string | undefined): boolean | undefined =>
  v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 'yes' || v === '';

/** Options of lifecycle requests, accepted in the query string or the JSON body. */
export const lifecycleOptions = z.object({
  async: flag,
  plan_hash: z.string().trim().min(12, 'give at least the 12 characters the plan prints').max(64).optional(),
  accept_data_loss: flag,
  drop_tables: flag,
  cascade: flag,
  backup: flag,
  accept_unmapped: flag,
}).strict();

export type LifecycleOptions = z.output<typeof lifecycleOptions>;

/** Body first, then query. */
export function mergeOptions(query: LifecycleOptions | undefined, body: LifecycleOptions | undefined) {
  const o = { ...(query ?? {}), ...(body ?? {}) };
  return {
    async: isOn(o.async) ?? false,
    planHash: o.plan_hash,
    options: {
      ...(o.accept_data_loss !== undefined ? { acceptDataLoss: isOn(o.accept_data_loss) } : {}),
      ...(o.drop_tables !== undefined ? { dropTables: isOn(o.drop_tables) } : {}),
      ...(o.cascade !== undefined ? { cascade: isOn(o.cascade) } : {}),
      ...(o.backup !== undefined ? { backup: isOn(o.backup) } : {}),
      ...(o.accept_unmapped !== undefined ? { acceptUnmapped: isOn(o.accept_unmapped) } : {}),
    },
  };
}
