import { createHash } from 'node:crypto';

/** JSON with object keys sorted and undefined members left out: the same content gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of a plan's content (everything but its hash and text). */
export function planHash(content: unknown): string {
  return sha256(canonicalJson(content));
}

/** Shortest plan-hash prefix accepted: what the plan text prints. */
export const PLAN_HASH_MIN_LENGTH = 12;

/**
 * Whether a hash given back by a client names this plan: the full hash, or a prefix of at least
 * PLAN_HASH_MIN_LENGTH characters (the plan text prints 12), in any letter case.
 */
export function planHashMatches(given: string, hash: string): boolean {
  const g = given.trim().toLowerCase();
  return g.length >= PLAN_HASH_MIN_LENGTH && hash.startsWith(g);
}
