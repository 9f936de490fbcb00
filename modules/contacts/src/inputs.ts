// Request and service input shapes, declared once with zod: routes validate with them (and the
// API docs show them), services take their inferred types.
import { z } from '@hub/kit';

export const id = z.coerce.number().int().positive();
export const idParams = z.object({ id });
/** An id in a JSON body (a number, not coerced from a string). */
export const ref = z.number().int().positive();

export const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const companyInput = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().nullish(),
  phone: z.string().max(50).nullish(),
  website: z.string().max(200).nullish(),
});
export const companyPatch = companyInput.partial();

export const personInput = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100).default(''),
  companyId: ref.nullish(),
  email: z.email().nullish(),
  phone: z.string().max(50).nullish(),
});
export const personPatch = personInput.partial();

export const noteInput = z
  .object({ companyId: ref.optional(), personId: ref.optional(), body: z.string().trim().min(1).max(10_000) })
  .refine((n) => (n.companyId === undefined) !== (n.personId === undefined), { message: 'give exactly one of companyId or personId' });

export const listQuery = page.extend({ q: z.string().trim().max(200).optional() });
export const peopleQuery = listQuery.extend({ companyId: id.optional() });
export const searchQuery = z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(10) });

export type CompanyInput = z.infer<typeof companyInput>;
export type CompanyPatch = z.infer<typeof companyPatch>;
export type PersonInput = z.input<typeof personInput>;
export type PersonPatch = z.infer<typeof personPatch>;
export type NoteInput = z.infer<typeof noteInput>;
/** Service arguments: the parsed query, every field optional. */
export type ListQuery = Partial<z.output<typeof listQuery>>;
export type PeopleQuery = Partial<z.output<typeof peopleQuery>>;

// Answer shapes, for the API docs.
export const company = z.object({
  id: z.number().int(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(),
  website: z.string().nullable(), createdAt: z.string(),
});
export const person = z.object({
  id: z.number().int(), companyId: z.number().int().nullable(), firstName: z.string(), lastName: z.string(),
  fullName: z.string(), email: z.string().nullable(), phone: z.string().nullable(), createdAt: z.string(),
});
export const note = z.object({
  id: z.number().int(), companyId: z.number().int().nullable(), personId: z.number().int().nullable(), body: z.string(), createdAt: z.string(),
});
