import type { z } from '@hub/kit';
import type { lifecycleOptions } from '@hub/api';

export { flag, lifecycleOptions } from '@hub/api';

export const isOn = (v: boolean | string | undefined): boolean | undefined =>
  v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 'yes' || v === '';

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
