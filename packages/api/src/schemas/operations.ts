import { z } from 'zod';
import { listOf, timestamp } from './common.js';
import { operationAction, plan } from './plans.js';
import { backupInfo } from './schema.js';

export const progressEvent = z.object({
  operationId: z.string(),
  /** 0-based step index and count, when known. */
  step: z.number().optional(),
  steps: z.number().optional(),
  module: z.string().optional(),
  message: z.string(),
  phase: z.enum(['start', 'step', 'done', 'error']),
});

export const operationResult = z.object({
  operationId: z.string(),
  action: operationAction,
  plan,
  backups: z.array(backupInfo),
  durationMs: z.number(),
  /** Modules whose routes were (re)mounted or unmounted. */
  changed: z.array(z.string()),
  /** Generation of the module state this change committed (0 when nothing changed). */
  generation: z.number().optional(),
  /** The instances that serve the change, and those that did not report it in time. */
  cluster: z.object({ generation: z.number(), instances: z.array(z.string()), lagging: z.array(z.string()) }).optional(),
});

export const operationError = z.object({
  error: z.string(),
  code: z.string(),
  hint: z.string().optional(),
  module: z.string().optional(),
  details: z.unknown().optional(),
});

export const operationStatus = z.enum(['running', 'succeeded', 'failed']);
export const operationLinks = z.object({ self: z.string(), events: z.string() });

export const operation = z.object({
  id: z.string(),
  action: operationAction,
  modules: z.array(z.string()),
  /** Email of the user who started it. */
  actor: z.string().nullable(),
  status: operationStatus,
  steps: z.array(progressEvent),
  error: operationError.nullable(),
  result: operationResult.nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  /** The instance that runs it (on PostgreSQL, where any instance shows and follows any operation). */
  instance: z.string().optional(),
  links: operationLinks,
});

/** 200: the operation ran to its end. */
export const operationDone = z.object({ operationId: z.string(), operation });
/** 202 (async=true): it runs on; follow links.events or poll links.self. */
export const operationAccepted = z.object({ operationId: z.string(), status: z.literal('running'), links: operationLinks });
/** Answer of every lifecycle POST. */
export const operationAnswer = z.union([operationDone, operationAccepted]);

export const operationsAnswer = listOf(operation);
export const operationParams = z.object({ id: z.string().min(1).max(100) });

/** Server-sent events of GET /operations/{id}/events: `step` events, then one `done`. */
export const operationEvents = { step: progressEvent, done: operation } as const;

export type ProgressEvent = z.output<typeof progressEvent>;
export type OperationResult = z.output<typeof operationResult>;
export type OperationError = z.output<typeof operationError>;
export type OperationStatus = z.output<typeof operationStatus>;
export type Operation = z.output<typeof operation>;
export type OperationDone = z.output<typeof operationDone>;
export type OperationAccepted = z.output<typeof operationAccepted>;
export type OperationAnswer = z.output<typeof operationAnswer>;
