// Request and service input shapes (zod): routes validate with them, services take their types.
import { z } from '@hub/kit';

export const id = z.coerce.number().int().positive();
export const idParams = z.object({ id });
/** An id in a JSON body (a number, not coerced from a string). */
export const ref = z.number().int().positive();
export const nameInput = z.object({ name: z.string().trim().min(1).max(100) });

const price = z.union([z.number(), z.string()]).transform(String).pipe(z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'a price like 12.50'));

export const productInput = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  categoryId: ref.nullish(),
  price: price.optional(),
  active: z.boolean().optional(),
  /** Tag names; missing tags are created. */
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});
export const productPatch = productInput.partial();

export const productQuery = z.object({
  q: z.string().trim().max(200).optional(),
  categoryId: id.optional(),
  tag: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const moveInput = z.object({
  productId: ref,
  quantity: z.number().int().refine((n) => n !== 0, 'must not be 0'),
  reason: z.string().trim().min(1).max(100),
  reference: z.string().trim().max(100).nullish(),
});
export const moveQuery = z.object({ productId: id.optional(), reference: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export type ProductInput = z.input<typeof productInput>;
export type ProductPatch = z.input<typeof productPatch>;
export type ProductQuery = Partial<z.output<typeof productQuery>>;
export type MoveInput = z.infer<typeof moveInput>;
export type MoveQuery = Partial<z.output<typeof moveQuery>>;

// Answer shapes, for the API docs.
export const category = z.object({ id: z.number().int(), name: z.string() });
export const tag = category;
export const product = z.object({
  id: z.number().int(), sku: z.string(), name: z.string(), categoryId: z.number().int().nullable(), price: z.string(),
  active: z.boolean(), createdAt: z.string(), tags: z.array(z.string()), stock: z.number().int(),
});
export const move = z.object({
  id: z.number().int(), productId: z.number().int(), quantity: z.number().int(), reason: z.string(), reference: z.string().nullable(), createdAt: z.string(),
});
