/** An extension name as CREATE EXTENSION takes it: lower case letters, digits, `_` and `-` (uuid-ossp). */
export const EXTENSION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * The `extensions` of a package.json `hub` field: absent is none; anything but a list of
 * extension names is a problem (said in words, for HUB_PG_EXTENSION_INVALID).
 */
export function parseDeclaredExtensions(value: unknown): { names: string[] } | { problem: string } {
  if (value === undefined) return { names: [] };
  if (!Array.isArray(value)) return { problem: `"hub.extensions" is ${typeof value === 'object' ? JSON.stringify(value) : String(value)}, not a list of extension names` };
  const bad = value.filter((v) => typeof v !== 'string' || !EXTENSION_NAME.test(v));
  if (bad.length) return { problem: `"hub.extensions" holds ${bad.map((b) => JSON.stringify(b)).join(', ')}, not extension names (lower case, as in CREATE EXTENSION)` };
  return { names: [...new Set(value as string[])] };
}

export const quoteExtension = (name: string) => `"${name.replace(/"/g, '""')}"`;
