// One email rule for every user the hub makes or changes (POST /users, PATCH /users, the first
// admin from HUB_ADMIN_EMAIL): zod's email validator, the same one base's routes declare.
import { z } from '@hub/kit';

const emailSchema = z.email();

/** The email trimmed and lowercased, as base stores it. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** True when `email` (after normalizing) is an address base accepts. */
export function isValidEmail(email: unknown): boolean {
  return typeof email === 'string' && emailSchema.safeParse(normalizeEmail(email)).success;
}
