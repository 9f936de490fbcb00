import { z } from 'zod';
import { listOf, timestamp } from './common.js';

/** The logged-in user as the host sees them: superuser flag and the permissions of their roles. */
export const hubUser = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string().nullish(),
  isSuperuser: z.boolean(),
  permissions: z.array(z.string()),
});

export const tokenInfo = z.object({
  id: z.number(),
  userId: z.number(),
  name: z.string(),
  /** First characters of the token, for display. */
  prefix: z.string(),
  kind: z.enum(['session', 'personal']),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

export const loginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000), name: z.string().max(100).optional() });
export const loginAnswer = z.object({ token: z.string(), user: hubUser, expiresAt: timestamp.nullable() });
export const meAnswer = z.object({ user: hubUser, tokenId: z.number() });
export const tokensQuery = z.object({ include_revoked: z.enum(['true', 'false', '1', '0']).optional() });
export const tokensAnswer = listOf(tokenInfo);
export const createTokenBody = z.object({ name: z.string().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() });
/** The token is shown once: only its hash is stored. */
export const createTokenAnswer = z.object({ token: z.string(), info: tokenInfo });
export const tokenParams = z.object({ id: z.coerce.number().int().positive() });

export type HubUser = z.output<typeof hubUser>;
export type TokenInfo = z.output<typeof tokenInfo>;
export type LoginAnswer = z.output<typeof loginAnswer>;
export type MeAnswer = z.output<typeof meAnswer>;
