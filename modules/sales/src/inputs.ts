// Request and service input shapes (zod): routes validate with them, services take their types.
import { z } from '@hub/kit';

export const id = z.coerce.number().int().positive();
export const idParams = z.object({ id });
export const lineParams = z.object({ id, lineId: id });
/** An id in a JSON body (a number, not coerced from a string). */
export const ref = z.number().int().positive();

const money = z.union([z.number(), z.string()]).transform(String).pipe(z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'an amount like 12.50'));

export const lineInput = z.object({
  productId: ref,
  quantity: z.number().int().positive(),
  /** Default: the product's price. */
  unitPrice: money.optional(),
  /** Default: the product's name. */
  description: z.string().trim().min(1).max(500).optional(),
});

export const orderInput = z
  .object({
    companyId: ref.nullish(),
    personId: ref.nullish(),
    /** Default: MODULES__SALES__DEFAULT_CURRENCY. */
    currency: z.string().length(3).toUpperCase().optional(),
    note: z.string().max(2000).nullish(),
    lines: z.array(lineInput).max(500).default([]),
  })
  .refine((o) => o.companyId != null || o.personId != null, { message: 'give a customer: companyId or personId', path: ['companyId'] });

export const orderPatch = z.object({
  companyId: ref.nullish(),
  personId: ref.nullish(),
  currency: z.string().length(3).toUpperCase().optional(),
  note: z.string().max(2000).nullish(),
});

export const orderQuery = z.object({
  state: z.enum(['draft', 'confirmed', 'cancelled']).optional(),
  companyId: id.optional(),
  personId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export type LineInput = z.input<typeof lineInput>;
export type OrderInput = z.input<typeof orderInput>;
export type OrderPatch = z.input<typeof orderPatch>;
export type OrderQuery = Partial<z.output<typeof orderQuery>>;

// Answer shapes, for the API docs.
export const line = z.object({
  id: z.number().int(), orderId: z.number().int(), productId: z.number().int(), description: z.string(), quantity: z.number().int(), unitPrice: z.string(),
});
export const order = z.object({
  id: z.number().int(), number: z.string(), companyId: z.number().int().nullable(), personId: z.number().int().nullable(),
  state: z.enum(['draft', 'confirmed', 'cancelled']), currency: z.string(), note: z.string().nullable(), total: z.string(),
  createdAt: z.string(), confirmedAt: z.string().nullable(),
});
export const orderWithLines = order.extend({ lines: z.array(line) });
