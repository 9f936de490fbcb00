// Settings of the sales module, read by the host from MODULES__SALES__<KEY> and validated by this
// schema when the module loads; a bad value stops the module with HUB_MODULE_CONFIG_INVALID.
import { z } from '@hub/kit';

export const salesConfig = z.object({
  /** MODULES__SALES__DEFAULT_CURRENCY: ISO 4217 code used when an order names none. */
  defaultCurrency: z.string().length(3).default('EUR'),
});

export type SalesConfig = z.output<typeof salesConfig>;
