import { z } from 'zod';
import { listOf, timestamp } from './common.js';

export const auditEntry = z.object({
  id: z.number(),
  at: timestamp,
  actor: z.string().nullable(),
  action: z.string(),
  module: z.string().nullable(),
  ok: z.boolean(),
  /** The operation that wrote it (null for rows older than operation ids). */
  operationId: z.string().nullable().optional(),
  /** The request, its outcome, the plan hash, the error of a failed operation. */
  detail: z.unknown(),
});

export const auditQuery = z.object({
  module: z.string().max(100).optional(),
  action: z.string().max(50).optional(),
  actor: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const auditAnswer = listOf(auditEntry);

export type AuditEntry = z.output<typeof auditEntry>;
