import { z } from 'zod';
import { ERROR_CODES } from '../errorCodes.js';

/** A boolean given as JSON or as a query string value ("true", "1", "yes", or present and empty). */
export const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])]).optional();

export const moduleName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a module name');
export const nameParams = z.object({ name: moduleName });

/** Timestamps travel as ISO 8601 strings. */
export const timestamp = z.string();

/** `{ items: [...] }`: every list answer. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** One field of a refused request (HUB_REQUEST_INVALID's details.fields). */
export const invalidField = z.object({ in: z.enum(['params', 'query', 'body']), path: z.string(), message: z.string() });

/** The answer of every failed request, host routes and module routes alike. */
export const errorAnswer = z.object({
  /** What was wrong. */
  error: z.string(),
  /** Stable code: one of ERROR_CODES on host routes; a module may raise its own on its routes. */
  code: z.string(),
  /** How to fix it. */
  hint: z.string().optional(),
  /** The module the error is about. */
  module: z.string().optional(),
  /** Extra facts (e.g. `fields` of HUB_REQUEST_INVALID, `operationId` of a failed operation). */
  details: z.unknown().optional(),
  /** The x-request-id of the request, to find it in the server's log. */
  requestId: z.string().optional(),
});

/** The error answer of host routes: the code is one of ERROR_CODES. */
export const hostErrorAnswer = errorAnswer.extend({ code: z.enum(ERROR_CODES) });

export type ErrorAnswer = z.output<typeof errorAnswer>;
export type HostErrorAnswer = z.output<typeof hostErrorAnswer>;
export type InvalidField = z.output<typeof invalidField>;
